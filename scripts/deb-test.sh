#!/bin/sh
# deb-test.sh [DEB] — checks the Debian package (default: the one in dist/): lintian finds no
# error, apt installs it with its dependencies, the installed program runs and has its
# manual page, and apt removes it again. Needs root (CI runs as root), or sudo.
set -eu
cd "$(dirname "$0")/.."
./scripts/deps.sh lintian man-db
if [ $# -ge 1 ]; then deb=$1; else
	set -- dist/hindsight_*_amd64.deb
	[ -f "$1" ] || { echo "deb-test: no dist/hindsight_*_amd64.deb; run make deb" >&2; exit 1; }
	deb=$1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo

echo "deb-test: lintian $deb"
# The one warning, initial-upload-closes-no-bugs (the package is not in the Debian
# archive), is overridden in the package (packaging/debian/lintian-overrides).
lintian --fail-on error --allow-root "$deb"

echo "deb-test: install"
case $deb in /*) path=$deb ;; *) path=./$deb ;; esac
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$path" > /dev/null
[ "$(command -v hindsight)" = /usr/bin/hindsight ] || { echo "deb-test: hindsight is not /usr/bin/hindsight" >&2; exit 1; }
/usr/bin/hindsight --version
/usr/bin/hindsight --help > /dev/null
man -w hindsight
MANWIDTH=80 man hindsight 2> /dev/null | grep -q "trades import" || { echo "deb-test: man hindsight lacks the commands" >&2; exit 1; }
dpkg -L hindsight | grep -q '/usr/share/metainfo/.*\.metainfo\.xml$'

echo "deb-test: remove"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq hindsight > /dev/null
if [ -e /usr/bin/hindsight ]; then echo "deb-test: /usr/bin/hindsight is still there" >&2; exit 1; fi
echo "deb-test: ok"
