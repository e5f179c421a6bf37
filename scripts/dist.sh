#!/bin/sh
# dist.sh — builds the installable packages into dist/ from a Linux machine:
#   hindsight-VERSION-linux-amd64.tar.xz   (fyne package: binary, .desktop file, icon, Makefile)
#   hindsight-VERSION-windows-amd64.exe    (MinGW cross-build, GUI subsystem, icon + version info)
#   SHA256SUMS
# macOS packages are built on a Mac with `make dist-mac`.
set -eu
cd "$(dirname "$0")/.."
FYNE_TOOLS_VERSION=v1.7.4
version=$(sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\(.*\)"/\1/p' FyneApp.toml)
build=$(sed -n 's/^[[:space:]]*Build[[:space:]]*=[[:space:]]*\([0-9]*\)/\1/p' FyneApp.toml)
[ -n "$version" ] || { echo "dist: no Version in FyneApp.toml" >&2; exit 1; }

# The fyne packaging tool, pinned, installed into .tools/ (not on the user's PATH).
tools="$(pwd)/.tools"
fyne="$tools/fyne"
if ! [ -x "$fyne" ] || ! "$fyne" version 2>/dev/null | grep -q "$FYNE_TOOLS_VERSION"; then
	echo "dist: installing fyne.io/tools/cmd/fyne@$FYNE_TOOLS_VERSION into .tools/"
	GOBIN="$tools" go install "fyne.io/tools/cmd/fyne@$FYNE_TOOLS_VERSION"
fi

rm -rf dist
mkdir -p dist
work=$(mktemp -d)
# fyne package rewrites FyneApp.toml (it bumps the build number); keep the file as it is.
cp FyneApp.toml "$work/FyneApp.toml"
trap 'cp "$work/FyneApp.toml" FyneApp.toml; rm -f fyne_metadata_init.go; rm -rf "$work"' EXIT

echo "dist: linux package"
go build -trimpath -ldflags "-s -w" -o "$work/hindsight" .
"$fyne" package --os linux --release --executable "$work/hindsight" --name Hindsight \
	--app-version "$version" --app-build "$build"
mv Hindsight.tar.xz "dist/hindsight-$version-linux-amd64.tar.xz"

echo "dist: windows executable"
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
	"$fyne" package --os windows --release --name Hindsight \
	--app-version "$version" --app-build "$build"
mv Hindsight.exe "dist/hindsight-$version-windows-amd64.exe"

(cd dist && sha256sum -- * > SHA256SUMS)
ls -l dist
file dist/*
