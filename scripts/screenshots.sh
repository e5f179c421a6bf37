#!/bin/sh
# screenshots.sh — builds Hindsight and photographs its main views (the list, the review,
# the thesis form and the dashboard) in English and in Korean into docs/screenshots/, and
# the list, the review (at its top and at its positions) and the thesis form (at its
# positions and their fills) at 800×600, 1200×760 and 1920×1080 in both languages
# (NAME-WxH.png), to show how the window fits small and large screens.
#
# The app runs under Xvfb on the demo journal with no CJK font visible to it: the system
# font folder is hidden behind an empty tmpfs in a private mount namespace (unshare -m, as
# root), so every Hangul glyph in the pictures comes from the font Hindsight bundles.
# English shots use the light theme, Korean shots the dark one.
set -eu
cd "$(dirname "$0")/.."
OUT="${OUT:-docs/screenshots}"
export LANG=en_US.UTF-8

if [ "${HINDSIGHT_FONTS_HIDDEN:-}" != "1" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "screenshots: needs root to hide the system fonts (unshare -m); run it as root or with sudo" >&2
		exit 1
	fi
	BUILD="$(mktemp -d)"
	trap 'rm -rf "$BUILD"' EXIT
	echo "screenshots: building"
	go build -o "$BUILD/hindsight" .
	mkdir -p "$OUT"
	unshare -m sh -c 'mount -t tmpfs none /usr/share/fonts && HINDSIGHT_FONTS_HIDDEN=1 HINDSIGHT_BIN="$1" OUT="$2" "$0"' \
		"$0" "$BUILD/hindsight" "$OUT"
	exit
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
BIN="$HINDSIGHT_BIN"
for d in /usr/share/fonts /usr/local/share/fonts "$HOME/.fonts" "$HOME/.local/share/fonts"; do
	if [ -d "$d" ] && find "$d" -type f \( -iname '*.ttf' -o -iname '*.otf' -o -iname '*.ttc' \) 2>/dev/null | grep -q .; then
		echo "screenshots: fonts are still visible in $d; refusing to take the pictures" >&2
		exit 1
	fi
done

export HOME="$WORK/home"
mkdir -p "$HOME"
DEMO="$("$BIN" demo 2>/dev/null)"
export HINDSIGHT_OFFLINE=1

DISPLAY_NUM=97
Xvfb ":$DISPLAY_NUM" -screen 0 1920x1080x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null; rm -rf "$WORK"' EXIT
export DISPLAY=":$DISPLAY_NUM"
sleep 1
# Park the pointer outside the window: no hover effects, and no pointer events while a
# window closes (GLFW can crash on one that arrives after its window is gone).
xdotool mousemove 1919 1079

# shot NAME VIEW THESIS SEARCH LOCALE THEME [SCROLL] [SIZE]
shot() {
	rm -rf "$HOME/.config/fyne"
	log="$WORK/$1.log"
	: >"$log"
	size="${8:-1280x800}"
	HINDSIGHT_SHOT_VIEW="$2" HINDSIGHT_SHOT_THESIS="$3" HINDSIGHT_SHOT_SEARCH="$4" LANG="$5" FYNE_THEME="$6" \
		HINDSIGHT_SHOT_SCROLL="${7:-}" HINDSIGHT_SHOT_SIZE="$size" "$BIN" --db "$DEMO" >"$log" 2>&1 &
	app=$!
	i=0
	until grep -q "shot ready" "$log"; do
		i=$((i + 1))
		if [ $i -gt 120 ] || ! kill -0 $app 2>/dev/null; then
			echo "screenshots: $1 did not get ready:" >&2
			cat "$log" >&2
			kill $app 2>/dev/null || true
			exit 1
		fi
		sleep 0.25
	done
	import -window root "$WORK/$1.png"
	kill $app
	wait $app 2>/dev/null || true
	# The window sits in the screen's top left corner. A 256-colour palette keeps each
	# picture small without blurring the text.
	convert "$WORK/$1.png" -crop "$size+0+0" +repage -strip -colors 256 "PNG8:$OUT/$1.png"
	echo "screenshots: $OUT/$1.png ($(wc -c <"$OUT/$1.png") bytes)"
}

shot list-en list demo-deepseek "demand" en_US.UTF-8 light
shot review-en review demo-deepseek "" en_US.UTF-8 light
shot editor-en editor demo-deepseek "" en_US.UTF-8 light
shot dashboard-en dashboard "" "" en_US.UTF-8 light
shot list-ko list demo-deepseek "수요" ko_KR.UTF-8 dark
shot review-ko review demo-deepseek "" ko_KR.UTF-8 dark bottom
shot editor-ko editor demo-deepseek "" ko_KR.UTF-8 dark bottom
shot dashboard-ko dashboard "" "" ko_KR.UTF-8 dark

# The list and the review on a small screen, a laptop and a large screen.
for size in 800x600 1200x760 1920x1080; do
	shot "list-en-$size" list demo-deepseek "demand" en_US.UTF-8 light "" "$size"
	shot "review-en-$size" review demo-deepseek "" en_US.UTF-8 light "" "$size"
	shot "list-ko-$size" list demo-deepseek "수요" ko_KR.UTF-8 dark "" "$size"
	shot "review-ko-$size" review demo-deepseek "" ko_KR.UTF-8 dark "" "$size"
	shot "review-ledger-en-$size" review demo-deepseek "" en_US.UTF-8 light positions "$size"
	shot "review-ledger-ko-$size" review demo-deepseek "" ko_KR.UTF-8 dark positions "$size"
	shot "editor-en-$size" editor demo-deepseek "" en_US.UTF-8 light positions "$size"
	shot "editor-ko-$size" editor demo-deepseek "" ko_KR.UTF-8 dark positions "$size"
done
