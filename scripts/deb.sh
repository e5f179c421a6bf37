#!/bin/sh
# deb.sh [BINARY] — builds dist/hindsight_VERSION-1_amd64.deb, reproducibly: the same commit
# gives the same bytes (file dates from SOURCE_DATE_EPOCH, files owned by root, sorted).
# Without BINARY it builds the Linux binary with the release flags (scripts/buildflags.sh).
#   /usr/bin/hindsight
#   /usr/share/applications/ID.desktop              (validated with desktop-file-validate)
#   /usr/share/icons/hicolor/SIZExSIZE/apps/ID.png  (scripts/icons, from assets/icon.png)
#   /usr/share/metainfo/ID.metainfo.xml             (validated with appstreamcli)
#   /usr/share/man/man1/hindsight.1.gz              (hindsight help --man)
#   /usr/share/doc/hindsight/copyright, changelog.Debian.gz
#   /usr/share/lintian/overrides/hindsight
# Depends: from the libraries the binary links, through dpkg-shlibdeps.
set -eu
cd "$(dirname "$0")/.."
. ./scripts/buildflags.sh
./scripts/deps.sh dpkg-dev desktop-file-utils appstream man-db xz-utils

toml() { sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\"\(.*\)\"/\1/p" FyneApp.toml | head -n 1; }
upstream=$(toml Version)
id=$(toml ID)
homepage=$(toml Website)
[ -n "$upstream" ] && [ -n "$id" ] || { echo "deb: no Version or ID in FyneApp.toml" >&2; exit 1; }
version="$upstream-1"
arch=amd64
deb="dist/hindsight_${version}_$arch.deb"
maintainer="Hindsight maintainers <maintainers@users.noreply.r-seed-3704a8ee.example>"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 022

if [ $# -ge 1 ]; then
	bin=$1
else
	echo "deb: building the Linux binary"
	bin="$work/hindsight"
	# shellcheck disable=SC2086
	go build $GO_LINUX_FLAGS -ldflags "$GO_RELEASE_LDFLAGS" -o "$bin" .
fi

root="$work/root"
share="$root/usr/share"
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$share/applications" "$share/metainfo" \
	"$share/man/man1" "$share/doc/hindsight" "$share/lintian/overrides"
install -m 0755 "$bin" "$root/usr/bin/hindsight"

date_rfc2822=$(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")
date_iso=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
subst() {
	sed -e "s|@ID@|$id|g" -e "s|@VERSION@|$1|g" -e "s|@DATE@|$2|g" -e "s|@HOMEPAGE@|$homepage|g"
}

# Desktop entry, icons, AppStream metadata.
install -m 0644 packaging/linux/hindsight.desktop "$share/applications/$id.desktop"
desktop-file-validate "$share/applications/$id.desktop"
go run ./scripts/icons -src assets/icon.png -name "$id" -out "$share/icons/hicolor"
subst "$upstream" "$date_iso" < packaging/linux/hindsight.metainfo.xml.in > "$share/metainfo/$id.metainfo.xml"
appstreamcli validate --no-net --pedantic "$share/metainfo/$id.metainfo.xml" ||
	appstreamcli validate --no-net "$share/metainfo/$id.metainfo.xml"

# The manual page, from the binary's own command table and help.
"$root/usr/bin/hindsight" help --man > "$work/hindsight.1"
MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$work/hindsight.1" 2> "$work/man.err" > /dev/null
if [ -s "$work/man.err" ]; then cat "$work/man.err" >&2; echo "deb: the manual page has warnings" >&2; exit 1; fi
gzip -9n < "$work/hindsight.1" > "$share/man/man1/hindsight.1.gz"

# copyright (DEP-5) with the full text of each bundled font's licence; the changelog.
licence() { # NAME FILE: a stand-alone License paragraph with FILE's text
	printf '\nLicense: %s\n' "$1"
	sed -e 's/[[:space:]]*$//' -e 's/^$/./' -e 's/^/ /' "$2"
}
{
	subst "$upstream" "$date_iso" < packaging/debian/copyright.in
	licence OFL-1.1 assets/fonts/OFL.txt
	licence Bitstream-Vera assets/fonts/LICENSE-DejaVu.txt
	licence Symbola assets/fonts/LICENSE-Symbola.txt
} > "$share/doc/hindsight/copyright"
install -m 0644 packaging/debian/lintian-overrides "$share/lintian/overrides/hindsight"
subst "$version" "$date_rfc2822" < packaging/debian/changelog | gzip -9n > "$share/doc/hindsight/changelog.Debian.gz"

# Depends: the packages of the shared libraries the binary links (dpkg-shlibdeps needs a
# debian/control to run beside).
mkdir -p "$work/src/debian"
printf 'Source: hindsight\n\nPackage: hindsight\nArchitecture: any\n' > "$work/src/debian/control"
depends=$(cd "$work/src" && dpkg-shlibdeps -O "$root/usr/bin/hindsight" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
# GLFW opens the X11 extension libraries with dlopen, so they are not among the binary's
# NEEDED entries: add the package of each one whose name is in the binary.
for so in libXcursor.so.1 libXi.so.6 libXinerama.so.1 libXrandr.so.2 libXrender.so.1 libXxf86vm.so.1; do
	grep -q -a -F "$so" "$root/usr/bin/hindsight" || continue
	path=$(ldconfig -p | awk -v s="$so" '$1 == s && /x86-64/ { print $NF; exit }')
	pkg=$( [ -n "$path" ] && dpkg -S "$(readlink -f "$path")" 2>/dev/null | cut -d: -f1 | head -n 1 || true)
	[ -n "$pkg" ] || { echo "deb: no installed package has $so (install the build dependencies: make deps)" >&2; exit 1; }
	depends="$depends, $pkg"
done
size=$(du -sk --apparent-size --exclude=DEBIAN "$root" | cut -f1)

cat > "$root/DEBIAN/control" <<EOT
Package: hindsight
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $size
Depends: $depends
Section: misc
Priority: optional
Homepage: $homepage
Description: investment journal: write a thesis, review it against your loss budget
 Hindsight is a desktop investment journal. Before you act, you write down
 your thesis: why, how sure you are, what would prove you wrong, and how much
 you can afford to lose; Hindsight freezes the prices of that moment.
 .
 Later it shows how each thesis played out against the loss you said you could
 afford, and how well your conviction was calibrated. It keeps everything in
 one local file, works offline, and speaks English and Korean. The same
 program is a command line for scripts (see hindsight(1)).
EOT
(cd "$root" && find usr -type f | LC_ALL=C sort | xargs md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
find "$root" -type d -exec chmod 0755 {} +
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p dist
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" > /dev/null
echo "deb: $deb ($(du -h "$deb" | cut -f1), sha256 $(sha256sum "$deb" | cut -d' ' -f1))"
# A SHA256SUMS left by make dist would no longer match: sum dist/ again.
if [ -f dist/SHA256SUMS ]; then
	(cd dist && rm -f SHA256SUMS && sha256sum -- * > "$work/SHA256SUMS" && mv "$work/SHA256SUMS" SHA256SUMS)
fi
