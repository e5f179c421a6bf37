package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hindsight/assets"
)

// Font resources of the bundled NanumGothic family, shared by every theme value.
var (
	fontRegular = fyne.NewStaticResource("NanumGothic-Regular.ttf", assets.FontRegular)
	fontBold    = fyne.NewStaticResource("NanumGothic-Bold.ttf", assets.FontBold)
)

// appTheme is Fyne's default look drawn with the bundled Korean-capable font, so Hangul
// renders where the system has no CJK font. It follows the system's light or dark
// variant unless one is forced.
type appTheme struct {
	forced  bool
	variant fyne.ThemeVariant
}

var _ fyne.Theme = (*appTheme)(nil)

// newTheme returns the theme for a preference value: "light", "dark" or "system".
func newTheme(choice string) *appTheme {
	switch choice {
	case themeLight:
		return &appTheme{forced: true, variant: theme.VariantLight}
	case themeDark:
		return &appTheme{forced: true, variant: theme.VariantDark}
	}
	return &appTheme{}
}

// Color returns the default theme's colour for the forced variant, or the asked one.
func (t *appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.forced {
		v = t.variant
	}
	return theme.DefaultTheme().Color(n, v)
}

// Font returns NanumGothic for every style but the symbol font. Italic text falls back
// to the upright face (NanumGothic has no italics); monospace text uses it too, since
// Fyne's monospace font has no Hangul.
func (t *appTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Symbol {
		return theme.DefaultTheme().Font(s)
	}
	if s.Bold {
		return fontBold
	}
	return fontRegular
}

// Icon returns the default icon.
func (t *appTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size returns the default size.
func (t *appTheme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }

// dark reports whether the theme currently draws the dark variant.
func (t *appTheme) dark(a fyne.App) bool {
	if t.forced {
		return t.variant == theme.VariantDark
	}
	return a.Settings().ThemeVariant() == theme.VariantDark
}

// Semantic colours of the loss-budget figures.
func budgetColor(used float64) fyne.ThemeColorName {
	switch {
	case used >= 1:
		return theme.ColorNameError
	case used >= 0.5:
		return theme.ColorNameWarning
	}
	return theme.ColorNameSuccess
}

// budgetImportance colours a share of a loss budget like the budget bar: green, amber
// from half, red once used up.
func budgetImportance(used float64) widget.Importance {
	switch budgetColor(used) {
	case theme.ColorNameError:
		return widget.DangerImportance
	case theme.ColorNameWarning:
		return widget.WarningImportance
	}
	return widget.SuccessImportance
}

// themeColor looks a colour up in the current theme.
func themeColor(n fyne.ThemeColorName) color.Color {
	a := fyne.CurrentApp()
	return a.Settings().Theme().Color(n, a.Settings().ThemeVariant())
}
