// Package assets holds the files Hindsight embeds in its binary: the Korean-capable
// NanumGothic font family (SIL Open Font License 1.1, see fonts/OFL.txt), the app icon, and
// the UI translations.
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

// Icon is the app icon, a 1024×1024 PNG.
//
//go:embed icon.png
var Icon []byte

// Translations holds the UI translations, one go-i18n JSON file per language
// (i18n/en.json, i18n/ko.json), for Fyne's lang package.
//
//go:embed i18n
var Translations embed.FS
