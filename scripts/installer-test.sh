#!/bin/sh
# installer-test.sh [INSTALLER] — proves the Windows installer under Wine, in a new
# Wine prefix inside a temporary folder (HOME too, so nothing reaches the real home):
#   - the installer is a 64-bit PE program;
#   - `Setup.exe /S` installs silently: program files, Start menu and desktop shortcuts,
#     the Apps & features entry under HKCU;
#   - the installed hindsight-cli.exe runs (--version prints the version; demo writes a
#     journal into %AppData%\Hindsight);
#   - `Uninstall.exe /S` removes the program folder, the shortcuts and the registry key,
#     and leaves the journal, its backups and the settings byte for byte as they were.
# INSTALLER defaults to dist/Hindsight-Setup-VERSION.exe (make installer).
set -eu
cd "$(dirname "$0")/.."
./scripts/deps.sh file wine wine64 gcc-mingw-w64-x86-64
version=$(sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\(.*\)"/\1/p' FyneApp.toml)
setup=${1:-dist/Hindsight-Setup-$version.exe}
[ -f "$setup" ] || { echo "installer-test: $setup is missing (make installer builds it)" >&2; exit 1; }
setup=$(cd "$(dirname "$setup")" && pwd)/$(basename "$setup")

fail() { echo "installer-test: FAIL: $*" >&2; exit 1; }
now() { date +%s; }
t0=$(now)

info=$(file -b "$setup")
echo "installer: $info"
case "$info" in *"PE32+ executable (GUI) x86-64"*) ;; *) fail "$setup is not a 64-bit Windows program" ;; esac

# Debian's wine package puts the 64-bit loader here; `wine` itself would also look for
# the 32-bit one, which this test does not need (the installer and the program are 64-bit).
wine=/usr/lib/wine/wine64
[ -x "$wine" ] || wine=$(command -v wine64 || command -v wine)
wineserver=/usr/lib/wine/wineserver64
[ -x "$wineserver" ] || wineserver=$(command -v wineserver)

tmp=$(mktemp -d)
cleanup() { WINEPREFIX="$tmp/prefix" "$wineserver" -k 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
mkdir -p "$tmp/home"
export HOME="$tmp/home" WINEPREFIX="$tmp/prefix" WINEARCH=win64 WINEDEBUG=-all
# No Mono or Gecko (they would ask to be downloaded); the stand-in below, not a builtin.
export WINEDLLOVERRIDES="mscoree,mshtml=;bcryptprimitives=n"
unset DISPLAY WAYLAND_DISPLAY 2>/dev/null || true
run() { "$wine" "$@"; }

echo "installer-test: creating the Wine prefix"
"$wine" wineboot -i >/dev/null 2>&1 || true
"$wineserver" -w
t_boot=$(now)
echo "installer-test: wineboot $((t_boot - t0))s"

# Go's runtime needs bcryptprimitives.dll!ProcessPrng, which Windows 10 and later have and
# Wine 8.0 lacks: a gap in Wine, not in the program. A stand-in built with MinGW fills it
# (scripts/wine/processprng.c); Go loads it from system32.
x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
	scripts/wine/processprng.c -ladvapi32

# Windows folders of the prefix's user, as Linux paths.
winpath() { "$wine" winepath -u "$("$wine" cmd /c echo "%$1%" | tr -d '\r')" | tr -d '\r'; }
appdata=$(winpath APPDATA)
localappdata=$(winpath LOCALAPPDATA)
desktop=$(winpath USERPROFILE)/Desktop
startmenu="$appdata/Microsoft/Windows/Start Menu/Programs"
instdir="$localappdata/Programs/Hindsight"
key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Hindsight'

# The user's data from before: a journal, a backup and the app's settings, with known bytes.
mkdir -p "$appdata/Hindsight/backups" "$appdata/fyne/app.hindsight.journal"
head -c 65536 /dev/urandom > "$appdata/Hindsight/journal.db"
head -c 4096 /dev/urandom > "$appdata/Hindsight/backups/journal-2026-01-01.db"
echo '{"lang":"ko"}' > "$appdata/fyne/app.hindsight.journal/preferences.json"

echo "installer-test: $(basename "$setup") /S"
t_i=$(now)
run "$setup" /S || fail "the silent install exited with $?"
"$wineserver" -w
echo "installer-test: install $(($(now) - t_i))s"
for f in hindsight.exe hindsight-cli.exe hindsight.ico Uninstall.exe; do
	[ -f "$instdir/$f" ] || fail "$instdir/$f was not installed"
done
[ -f "$startmenu/Hindsight.lnk" ] || fail "no Start menu shortcut"
[ -f "$desktop/Hindsight.lnk" ] || fail "no desktop shortcut"
reg=$(run reg query "$key" | tr -d '\r') || fail "no Apps & features entry ($key)"
printf "%s\n" "$reg"
for v in DisplayName DisplayVersion Publisher DisplayIcon UninstallString QuietUninstallString \
	InstallLocation EstimatedSize NoModify NoRepair; do
	printf "%s\n" "$reg" | grep -q "^ *$v " || fail "$key has no $v"
done
printf "%s\n" "$reg" | grep -q "DisplayVersion *REG_SZ *$version\$" || fail "DisplayVersion is not $version"

out=$(run "$instdir/hindsight-cli.exe" --version | tr -d '\r') || fail "hindsight-cli.exe --version exited with $?"
echo "hindsight-cli.exe --version: $out"
case "$out" in *"$version"*) ;; *) fail "--version does not print $version" ;; esac
run "$instdir/hindsight-cli.exe" demo | tr -d '\r' || fail "hindsight-cli.exe demo exited with $?"
ls "$appdata/Hindsight/"*.db >/dev/null

sums() { (cd "$appdata" && find Hindsight fyne -type f | LC_ALL=C sort | xargs -d '\n' sha256sum); }
before=$(sums)
printf "%s\n" "$before"

# An NSIS uninstaller copies itself to %TEMP%, starts the copy and returns at once;
# wineserver -w waits until every program in the prefix has finished, the copy included.
echo "installer-test: Uninstall.exe /S"
t_u=$(now)
run "$instdir/Uninstall.exe" /S || fail "the silent uninstall exited with $?"
"$wineserver" -w
i=0
while [ -e "$instdir" ] && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
echo "installer-test: uninstall $(($(now) - t_u))s"
[ ! -e "$instdir" ] || fail "$instdir is still there: $(ls "$instdir")"
[ ! -e "$startmenu/Hindsight.lnk" ] || fail "the Start menu shortcut is still there"
[ ! -e "$desktop/Hindsight.lnk" ] || fail "the desktop shortcut is still there"
if run reg query "$key" >/dev/null 2>&1; then fail "$key is still there"; fi
after=$(sums)
[ "$before" = "$after" ] || fail "the user's data changed:
$(printf '%s\n' "$before" > "$tmp/b"; printf '%s\n' "$after" > "$tmp/a"; diff "$tmp/b" "$tmp/a")"
echo "installer-test: the journal, the backup and the settings are unchanged"
echo "installer-test: ok ($(($(now) - t0))s in all, wineboot $((t_boot - t0))s)"
