#!/bin/sh
# dist.sh — builds the installable packages into dist/ from a Linux machine:
#   hindsight-VERSION-linux-amd64.tar.xz   (fyne package: binary, .desktop file, icon, Makefile)
#   hindsight_VERSION-1_amd64.deb           (scripts/deb.sh: the same binary, for apt)
#   hindsight-VERSION-windows-amd64.exe    (MinGW cross-build, GUI subsystem, icon + version info)
#   hindsight-cli-VERSION-windows-amd64.exe  (the same, console subsystem: for cmd and PowerShell)
#   Hindsight-Setup-VERSION.exe            (NSIS installer holding both, scripts/installer.sh)
#   SHA256SUMS                             (of every other file in dist/)
# macOS packages are built on a Mac with `make dist-mac`.
set -eu
cd "$(dirname "$0")/.."
# The release flags (reproducible Linux binary; the commit in --version).
. ./scripts/buildflags.sh
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
trap 'cp "$work/FyneApp.toml" FyneApp.toml; rm -f fyne_metadata_init.go fyne.syso; rm -rf "$work"' EXIT

echo "dist: linux package"
# shellcheck disable=SC2086
go build $GO_LINUX_FLAGS -ldflags "$GO_RELEASE_LDFLAGS" -o "$work/hindsight" .
echo "dist: debian package"
./scripts/deb.sh "$work/hindsight"
"$fyne" package --os linux --release --executable "$work/hindsight" --name Hindsight \
	--app-version "$version" --app-build "$build"
mv Hindsight.tar.xz "dist/hindsight-$version-linux-amd64.tar.xz"

echo "dist: windows executables"
# fyne package always links for the GUI subsystem. While it builds, the icon, manifest and
# version info it made (fyne.syso) and its metadata file are in the source folder; a go
# in front of the real one on PATH keeps copies, and the console companion is built from
# them, so that both executables carry the same resources.
realgo=$(command -v go)
mkdir -p "$work/bin" "$work/res"
cat > "$work/bin/go" <<EOF
#!/bin/sh
if [ "\$1" = build ] && [ -f fyne.syso ]; then
	cp fyne.syso "$work/res/" && { [ ! -f fyne_metadata_init.go ] || cp fyne_metadata_init.go "$work/res/"; }
fi
exec "$realgo" "\$@"
EOF
chmod +x "$work/bin/go"
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc PATH="$work/bin:$PATH" \
	"$fyne" package --os windows --release --name Hindsight \
	--app-version "$version" --app-build "$build"
mv Hindsight.exe "dist/hindsight-$version-windows-amd64.exe"
[ -f "$work/res/fyne.syso" ] || { echo "dist: fyne package left no resources for the console executable" >&2; exit 1; }
cp "$work/res/"* .
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
	go build $GO_RELEASE_FLAGS -ldflags "$GO_RELEASE_LDFLAGS" -tags release -o "dist/hindsight-cli-$version-windows-amd64.exe" .
rm -f fyne_metadata_init.go fyne.syso

echo "dist: windows installer"
./scripts/installer.sh "dist/hindsight-$version-windows-amd64.exe" "dist/hindsight-cli-$version-windows-amd64.exe"

(cd dist && rm -f SHA256SUMS && sha256sum -- * > "$work/SHA256SUMS" && mv "$work/SHA256SUMS" SHA256SUMS)
ls -l dist
file dist/*
