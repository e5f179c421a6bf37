#!/bin/sh
# e2e.sh — end-to-end test of the real binary under Xvfb: start Hindsight on a new
# journal, write a thesis with the keyboard (Ctrl+N, type a title, Ctrl+S, Tab and Space
# for Save anyway), quit, and check with `hindsight list --json` that the thesis is in
# the journal file. A screenshot of the window is saved for the log (E2E_SHOT, default
# e2e-shot.png in a temporary folder).
set -eu
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin="$work/hindsight"
go build -o "$bin" .
db="$work/journal/journal.db"
shot="${E2E_SHOT:-$(mktemp -d)/e2e-shot.png}"
title="E2E thesis: rates fall by June $$"
export HOME="$work/home" HINDSIGHT_OFFLINE=1 LANG=en_US.UTF-8
mkdir -p "$HOME"

xvfb-run -a -s "-screen 0 1280x800x24" sh -eu -c '
	bin=$1 db=$2 title=$3 shot=$4 errlog=$5
	"$bin" --db "$db" 2>"$errlog" & pid=$!
	wid=$(timeout 60 xdotool search --sync --onlyvisible --name "^Hindsight" | head -n 1)
	[ -n "$wid" ] || { echo "e2e: no Hindsight window" >&2; kill $pid; exit 1; }
	sleep 3
	xdotool windowfocus --sync "$wid" 2>/dev/null || true
	xdotool key --clearmodifiers ctrl+n
	sleep 1
	xdotool type --delay 25 "$title"
	sleep 0.5
	xdotool key --clearmodifiers ctrl+s
	sleep 1
	# A thesis without expectation, invalidation, review date or loss budget is saved
	# after one question; the cursor starts on Go back, Tab moves it to Save anyway.
	xdotool key --clearmodifiers Tab
	sleep 0.3
	xdotool key --clearmodifiers space
	sleep 2
	import -window root "$shot"
	kill -TERM $pid
	for i in $(seq 1 50); do kill -0 $pid 2>/dev/null || break; sleep 0.2; done
	if kill -0 $pid 2>/dev/null; then echo "e2e: Hindsight did not quit on SIGTERM" >&2; kill -9 $pid; exit 1; fi
	status=0
	wait $pid || status=$?
	cat "$errlog" >&2
	# Quitting must end the program cleanly: a crash on the way out (a panic, a signal)
	# may leave the journal unclosed.
	if [ "$status" -ne 0 ] || grep -q "^panic:" "$errlog"; then echo "e2e: Hindsight did not quit cleanly (status $status)" >&2; exit 1; fi
' e2e "$bin" "$db" "$title" "$shot" "$work/stderr.log"

echo "e2e: screenshot $shot"
out=$("$bin" --db "$db" list --json)
if printf '%s' "$out" | grep -qF "\"title\": \"$title\""; then
	echo "e2e: passed — the thesis typed in the window is in the journal file"
else
	echo "e2e: FAILED — the journal does not hold the thesis typed in the window:" >&2
	printf '%s\n' "$out" >&2
	exit 1
fi
