#!/bin/sh
# fallback-fonts.sh — rebuilds the PDF export's fallback fonts in assets/fonts/ from Debian's
# packages. Run it by hand when they should change; nothing runs it at build or test time (the
# fonts are committed, with their licences).
#
#   DejaVuSans.ttf, DejaVuSans-Bold.ttf   fonts-dejavu-core, as shipped (Bitstream Vera licence
#                                         with the DejaVu and Arev notices: LICENSE-DejaVu.txt)
#   SymbolaHindsight.ttf                  fonts-symbola (Symbola 9.17, "free for any use":
#                                         LICENSE-Symbola.txt), cut down and rearranged for
#                                         the PDF writer, which reads only the Basic
#                                         Multilingual Plane of a font:
#     - only what NanumGothic and DejaVu Sans lack is kept, from the Basic Multilingual
#       Plane (arrows, technical and miscellaneous symbols, dingbats...), plus the
#       pictographs and emoji of U+1F000–U+1FAFF;
#     - those plane-1 characters move to the Private Use Area: U+1F000+n is stored at
#       U+E000+n (journal/pdf/glyphs.go draws them there and writes the real character as
#       the text a reader copies);
#     - hinting, kerning and layout tables go (the PDF writer uses none of them); the family
#       is renamed "Symbola Hindsight", the original copyright notice is kept.
#
# Needs apt-get (to download the packages, not install them) and python3 with fontTools
# (Debian's python3-fonttools).
set -eu
cd "$(dirname "$0")/.."
out=assets/fonts
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download fonts-dejavu-core fonts-symbola >/dev/null)
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/x"; done
dejavu=$work/x/usr/share/fonts/truetype/dejavu
cp "$dejavu/DejaVuSans.ttf" "$dejavu/DejaVuSans-Bold.ttf" "$out/"
python3 - "$work/x/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf" "$out/SymbolaHindsight.ttf" \
	"$out/NanumGothic-Regular.ttf" "$dejavu/DejaVuSans.ttf" <<'EOF'
import sys
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

src, dst, *covered = sys.argv[1:]
have = set()
for path in covered:
    have |= set(TTFont(path).getBestCmap())

def wanted(c):
    if 0x1F000 <= c < 0x1FB00:
        return True  # pictographs and emoji
    return (c < 0x10000 and c not in have
            and not 0xE000 <= c < 0xF900      # private use: taken by the emoji below
            and not 0xFE00 <= c < 0xFE10)     # variation selectors are never drawn

font = TTFont(src, recalcTimestamp=False)
opts = subset.Options()
opts.hinting = False
opts.layout_features = []
opts.drop_tables += ['GSUB', 'GPOS', 'GDEF', 'kern', 'hdmx', 'VDMX', 'LTSH', 'DSIG']
opts.name_IDs = ['*']
opts.notdef_outline = True
opts.glyph_names = False
sub = subset.Subsetter(opts)
sub.populate(unicodes=[c for c in font.getBestCmap() if wanted(c)])
sub.subset(font)

cmap = {}
for c, glyph in font.getBestCmap().items():
    cmap[c - 0x1F000 + 0xE000 if c >= 0x10000 else c] = glyph
tables = []
for platform, encoding in ((0, 3), (3, 1)):
    t = CmapSubtable.newSubtable(4)
    t.platformID, t.platEncID, t.language, t.cmap = platform, encoding, 0, dict(cmap)
    tables.append(t)
font['cmap'].tables = tables

for rec in font['name'].names:
    if rec.nameID in (1, 3, 4, 6, 16):
        text = rec.toUnicode()
        text = text.replace('Symbola', 'SymbolaHindsight' if rec.nameID == 6 else 'Symbola Hindsight', 1)
        rec.string = text
font.save(dst)
print(f'{dst}: {len(cmap)} characters')
EOF
ls -l "$out"
