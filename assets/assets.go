// Package assets holds the files Hindsight embeds in its binary: the Korean-capable
// NanumGothic font family (SIL Open Font License 1.1, see fonts/OFL.txt), the fallback fonts
// of the PDF export (DejaVu Sans and a cut of Symbola, see fonts/README.md), the app icon,
// and the UI translations.
package assets

import "embed"

// FontRegular is NanumGothic Regular, a TrueType font that covers Hangul and Latin.
//
//go:embed fonts/NanumGothic-Regular.ttf
var FontRegular []byte

// FontBold is NanumGothic Bold.
//
//go:embed fonts/NanumGothic-Bold.ttf
var FontBold []byte

// FontLicense is the SIL Open Font License text the fonts are distributed under.
//
//go:embed fonts/OFL.txt
var FontLicense string

// FallbackRegular and FallbackBold are DejaVu Sans Book and Bold, unmodified (Bitstream Vera
// licence with the DejaVu and Arev notices, see fonts/LICENSE-DejaVu.txt): the PDF export
// draws with them the characters NanumGothic lacks, such as − (U+2212) and Ä.
//
//go:embed fonts/DejaVuSans.ttf
var FallbackRegular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var FallbackBold []byte

// Symbols is "Symbola Hindsight", the symbols and monochrome emoji of Symbola 9.17 that
// neither NanumGothic nor DejaVu Sans has (free for any use, see fonts/LICENSE-Symbola.txt),
// made by scripts/fallback-fonts.sh. It has one weight. Its characters U+1F000–U+1FAFF are
// stored at U+E000–U+EAFF (SymbolsPlane1 to SymbolsPlane1+0xAFF), because the PDF writer
// reads only the Basic Multilingual Plane of a font.
//
//go:embed fonts/SymbolaHindsight.ttf
var Symbols []byte

// SymbolsPlane1 is where Symbols stores U+1F000, the first of the plane-1 characters it has.
const SymbolsPlane1 = 0xE000

// Icon is the app icon, a 1024×1024 PNG.
//
//go:embed icon.png
var Icon []byte

// Translations holds the UI translations, one go-i18n JSON file per language
// (i18n/en.json, i18n/ko.json), for Fyne's lang package.
//
//go:embed i18n
var Translations embed.FS
