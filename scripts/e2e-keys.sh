#!/bin/sh
# e2e-keys.sh — end-to-end test of the real binary under Xvfb with the keyboard alone:
# Ctrl+N, type a title, Tab through the form typing a trigger, a reason, a two-line body,
# an expectation and an invalidation (Tab must leave the multi-line fields), Ctrl+S;
# Ctrl+N again, Ctrl+L and Enter open the saved thesis from the list; F1 shows the
# keyboard shortcuts and Esc closes them; Ctrl+Q quits. The journal file is then checked
# with `hindsight list --json` and `show --json`. Screenshots of each step are kept in
# E2E_SHOTS (default: a temporary folder).
set -eu
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin="$work/hindsight"
go build -o "$bin" .
db="$work/journal/journal.db"
shots="${E2E_SHOTS:-$(mktemp -d)}"
mkdir -p "$shots"
title="Keys only: rates fall by June $$"
export HOME="$work/home" HINDSIGHT_OFFLINE=1 LANG=en_US.UTF-8
mkdir -p "$HOME"

xvfb-run -a -s "-screen 0 1280x800x24" sh -eu -c '
	bin=$1 db=$2 title=$3 shots=$4
	fail() { echo "e2e-keys: $*" >&2; kill $pid 2>/dev/null || true; exit 1; }
	key() { xdotool key --clearmodifiers "$@"; sleep 0.4; }
	type() { xdotool type --delay 20 "$1"; sleep 0.3; }
	shot() { import -window root "$shots/$1.png"; }
	# differ A B: the two screenshots differ in more than a few pixels.
	differ() { n=$(compare -metric AE "$shots/$1.png" "$shots/$2.png" null: 2>&1 | cut -d" " -f1); [ "${n%.*}" -gt 500 ]; }
	"$bin" --db "$db" & pid=$!
	wid=$(timeout 60 xdotool search --sync --onlyvisible --name "^Hindsight" | head -n 1)
	[ -n "$wid" ] || fail "no Hindsight window"
	sleep 3
	xdotool windowfocus --sync "$wid" 2>/dev/null || true
	key ctrl+n
	type "$title"
	key Tab
	type "Fed minutes turn dovish"
	key Tab
	type "Inflation is cooling"
	# The reason row'"'"'s remove button and "Add reason", then the body.
	key Tab Tab Tab
	type "First line of the body."
	key Return
	type "Second line."
	key Tab
	type "2-year yield below 3.5 percent by June"
	key Tab
	type "Core CPI above 3 percent twice in a row"
	shot 1-form
	key ctrl+s
	sleep 1
	# No review date or loss budget: the form asks once; the cursor starts on Go back,
	# Tab moves it to Save anyway.
	key Tab
	key space
	sleep 1.5
	shot 2-saved
	key ctrl+n
	sleep 0.5
	shot 3-new-form
	key ctrl+l
	key Return
	sleep 1
	shot 4-opened
	differ 3-new-form 4-opened || fail "Enter on the list row did not open the thesis"
	key F1
	sleep 0.5
	shot 5-shortcuts
	differ 4-opened 5-shortcuts || fail "F1 did not show the keyboard shortcuts"
	key Escape
	sleep 0.5
	shot 6-closed
	differ 4-opened 6-closed && fail "Esc did not close the keyboard shortcuts"
	key ctrl+q
	for i in $(seq 1 50); do kill -0 $pid 2>/dev/null || break; sleep 0.2; done
	if kill -0 $pid 2>/dev/null; then fail "Ctrl+Q did not quit"; fi
	wait $pid || true
' e2e-keys "$bin" "$db" "$title" "$shots"

echo "e2e-keys: screenshots in $shots"
list=$("$bin" --db "$db" list --json)
id=$(printf '%s\n' "$list" | grep -o '"id": "[^"]*"' | head -n 1 | cut -d'"' -f4)
[ -n "$id" ] || { echo "e2e-keys: FAILED — the journal holds no thesis:" >&2; printf '%s\n' "$list" >&2; exit 1; }
show=$("$bin" --db "$db" show --json "$id")
ok=1
for want in \
	"\"title\": \"$title\"" \
	'"trigger": "Fed minutes turn dovish"' \
	'"Inflation is cooling"' \
	'"body": "First line of the body.\nSecond line."' \
	'"expectation": "2-year yield below 3.5 percent by June"' \
	'"invalidation": "Core CPI above 3 percent twice in a row"'; do
	if ! printf '%s' "$show" | grep -qF "$want"; then
		echo "e2e-keys: FAILED — the saved thesis lacks $want" >&2
		ok=0
	fi
done
if printf '%s' "$show" | grep -qF '\t'; then
	echo "e2e-keys: FAILED — Tab typed a tab into a field" >&2
	ok=0
fi
if [ $ok = 0 ]; then
	printf '%s\n' "$show" >&2
	exit 1
fi
echo "e2e-keys: passed — a thesis written, saved, opened and closed with the keyboard alone is in the journal file"
