#!/bin/sh
# installer.sh [GUI_EXE CLI_EXE] — builds the Windows installer
# dist/Hindsight-Setup-VERSION.exe with NSIS (makensis) from scripts/nsis/hindsight.nsi.
# Without arguments it packs hindsight.exe and hindsight-cli.exe from `make windows`;
# scripts/dist.sh passes the packaged executables. The icon is made from assets/icon.png
# (scripts/icogen). VERSION comes from FyneApp.toml. NSIS_COMPRESSOR=zlib trades a larger
# file for a much faster build (for tests); the default is solid LZMA.
set -eu
cd "$(dirname "$0")/.."
gui=${1:-hindsight.exe}
cli=${2:-hindsight-cli.exe}
for f in "$gui" "$cli"; do
	[ -f "$f" ] || { echo "installer: $f is missing (make windows builds it)" >&2; exit 1; }
done
./scripts/deps.sh nsis
version=$(sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\(.*\)"/\1/p' FyneApp.toml)
[ -n "$version" ] || { echo "installer: no Version in FyneApp.toml" >&2; exit 1; }
# The Windows version resource wants four numbers: 0.1.0 -> 0.1.0.0 (a pre-release
# suffix such as -rc1 is dropped there, kept in the names).
vi=$(echo "$version" | sed 's/[^0-9.].*//')
while [ "$(echo "$vi" | tr -cd . | wc -c)" -lt 3 ]; do vi="$vi.0"; done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go run ./scripts/icogen -o "$work/hindsight.ico" assets/icon.png

mkdir -p dist
out="dist/Hindsight-Setup-$version.exe"
abs() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
start=$(date +%s)
compressor=${NSIS_COMPRESSOR:-lzma}
makensis -V2 -INPUTCHARSET UTF8 -DCOMPRESSOR="$compressor" \
	-DVERSION="$version" -DVIVERSION="$vi" \
	-DGUI_EXE="$(abs "$gui")" -DCLI_EXE="$(abs "$cli")" \
	-DICON="$work/hindsight.ico" -DOUTFILE="$(abs "$out")" \
	scripts/nsis/hindsight.nsi
echo "installer: $out ($(wc -c < "$out") bytes, $compressor, makensis $(( $(date +%s) - start ))s)"
