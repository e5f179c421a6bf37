#!/bin/sh
# bench-startup.sh — how long Hindsight takes from launch to its first frame with a
# 10,000-thesis journal, and its peak memory, against a bare Fyne window measured in the
# same run under the same Xvfb server. Both programs quit as soon as their first frame is
# drawn and report the time since they started and their peak RSS (VmHWM); /usr/bin/time
# adds the wall time from launch to exit and the peak RSS over the whole process.
#
# Targets: at most 1.3x the bare window's time, at most 1.5x its peak RSS. A third program,
# the bare window drawn with the NanumGothic faces Hindsight bundles (bare -fonts), shows
# how much of the difference is the price of those fonts.
set -eu
cd "$(dirname "$0")/.."
N="${N:-10000}"
RUNS="${RUNS:-9}"
export LANG=en_US.UTF-8

WORK="$(mktemp -d)"
XVFB=""
cleanup() {
	[ -n "$XVFB" ] && kill "$XVFB" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

echo "bench-startup: building"
go build -o "$WORK/hindsight" .
go build -o "$WORK/bare" ./bench/startup/bare
JOURNAL="bench/data/startup-$N.db"
if [ ! -f "$JOURNAL" ]; then
	echo "bench-startup: writing a $N-thesis journal to $JOURNAL (once; takes a few minutes)"
	go run ./bench/startup/gen -o "$JOURNAL" -n "$N" >/dev/null
fi
# Work on a copy, so the backups the app makes stay out of bench/data.
cp "$JOURNAL" "$WORK/journal.db"
export HOME="$WORK/home"
mkdir -p "$HOME"

Xvfb :98 -screen 0 1280x800x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
XVFB=$!
export DISPLAY=:98
sleep 1
# Park the pointer outside the window: no hover effects, and no pointer events while a
# window closes (GLFW can crash on one that arrives after its window is gone).
xdotool mousemove 1279 799

# run NAME CMD... — runs one program, appends "first_ms rss_kb wall_s maxrss_kb shown_ms" to
# NAME.txt, where first_ms is from just before the launch to the first frame with content
# and shown_ms to the window's first frame (Hindsight draws its background before its
# views are built; the bare window has no such frame, so there it is first_ms).
run() {
	name=$1
	shift
	launch=$(date +%s%6N)
	/usr/bin/time -f "TIME %e %M" "$@" >"$WORK/out.log" 2>&1 || {
		echo "bench-startup: $name failed:" >&2
		cat "$WORK/out.log" >&2
		exit 1
	}
	at=$(sed -n 's/.*first frame after .* (at \([0-9]*\) µs since the epoch).*/\1/p' "$WORK/out.log")
	first=$(((at - launch) / 1000))
	shown=$first
	at=$(sed -n 's/.*window shown after .* (at \([0-9]*\) µs since the epoch).*/\1/p' "$WORK/out.log")
	[ -n "$at" ] && shown=$(((at - launch) / 1000))
	rss=$(sed -n 's/.*peak RSS \([0-9]*\) kB.*/\1/p' "$WORK/out.log")
	set -- $(sed -n 's/^TIME //p' "$WORK/out.log")
	echo "$first $rss $1 $2 $shown" >>"$WORK/$name.txt"
}
app() {
	HINDSIGHT_OFFLINE=1 HINDSIGHT_QUIT_AFTER_FIRST_FRAME=1 run "$1" "$WORK/hindsight" --db "$WORK/journal.db"
}
bare() { run "$1" "$WORK/bare"; }
barefonts() { run "$1" "$WORK/bare" -fonts; }

# Warm up once each (the app makes the day's backup of the journal on its first start).
app warm
bare warm
barefonts warm
i=0
while [ $i -lt "$RUNS" ]; do
	# Rotate the order so no program always runs on a warmer machine.
	case $((i % 3)) in
	0) app app; bare bare; barefonts barefonts ;;
	1) bare bare; barefonts barefonts; app app ;;
	2) barefonts barefonts; app app; bare bare ;;
	esac
	i=$((i + 1))
done

# After its first frame the app reads the whole journal in the background (prices for
# the list's figures, the dashboard); time that too, for the record.
j=0
: >"$WORK/loaded.txt"
while [ $j -lt 3 ]; do
	launch=$(date +%s%6N)
	HINDSIGHT_OFFLINE=1 HINDSIGHT_QUIT_AFTER_LOAD=1 "$WORK/hindsight" --db "$WORK/journal.db" >"$WORK/out.log" 2>&1 || true
	at=$(sed -n 's/.*journal loaded after .* (at \([0-9]*\) µs since the epoch).*/\1/p' "$WORK/out.log")
	rss=$(sed -n 's/.*peak RSS \([0-9]*\) kB.*/\1/p' "$WORK/out.log")
	echo "$(((at - launch) / 1000)) $rss" >>"$WORK/loaded.txt"
	j=$((j + 1))
done

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
col() { awk -v c="$2" '{print $c}' "$WORK/$1.txt" | median; }
af=$(col app 1); bf=$(col bare 1)
ar=$(col app 2); br=$(col bare 2)
aw=$(col app 3); bw=$(col bare 3)
am=$(col app 4); bm=$(col bare 4)
ff=$(col barefonts 1); fr=$(col barefonts 2)
as=$(col app 5)
echo "startup to first frame, median of $RUNS runs (Xvfb, $(nproc) cores):"
echo "  Hindsight, $N-thesis journal: window shown (its background) after ${as} ms"
echo "  Hindsight, $N-thesis journal: first frame ${af} ms, peak RSS $((ar / 1024)) MiB at first frame; launch to exit ${aw} s, max RSS $((am / 1024)) MiB"
echo "  bare Fyne window:             first frame ${bf} ms, peak RSS $((br / 1024)) MiB at first frame; launch to exit ${bw} s, max RSS $((bm / 1024)) MiB"
echo "  bare window with the bundled fonts: first frame ${ff} ms, peak RSS $((fr / 1024)) MiB at first frame"
lf=$(col loaded 1); lr=$(col loaded 2)
echo "  Hindsight with the whole $N-thesis journal read (after the first frame): ${lf} ms, peak RSS $((lr / 1024)) MiB"
awk -v as="$as" -v af="$af" -v bf="$bf" -v ar="$ar" -v br="$br" -v aw="$aw" -v bw="$bw" -v am="$am" -v bm="$bm" -v ff="$ff" -v fr="$fr" 'BEGIN {
	printf "  Hindsight / bare window: window shown %.2fx\n", as/bf
	printf "  Hindsight / bare window: first frame %.2fx (target <= 1.3x), launch to exit %.2fx; peak RSS %.2fx at first frame, %.2fx over the run (target <= 1.5x)\n", af/bf, aw/bw, ar/br, am/bm
	printf "  Hindsight / bare window with the bundled fonts: first frame %.2fx, peak RSS %.2fx\n", af/ff, ar/fr
}'
