package app

import (
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"hindsight/assets"
	"hindsight/internal/langenv"
)

// translationsDir is the folder of assets.Translations holding one JSON file per language.
const translationsDir = "i18n"

var (
	loadOnce sync.Once
	// uiLang is the language the UI is shown in ("en" or "ko"); it picks date formats too.
	// It is written only while the UI is (re)built on the UI goroutine.
	uiLang = langEnglish
)

// systemLanguage returns "ko" when the system locale is Korean, "en" otherwise.
func systemLanguage() string {
	var loc fyne.Locale
	langenv.WithCLocale(func() { loc = lang.SystemLocale() })
	if strings.HasPrefix(strings.ToLower(loc.LanguageString()), "ko") {
		return langKorean
	}
	return langEnglish
}

// effectiveLanguage resolves a language choice ("system", "en", "ko") to "en" or "ko".
func effectiveLanguage(choice string) string {
	switch choice {
	case langEnglish, langKorean:
		return choice
	}
	return systemLanguage()
}

// applyLanguage loads the translations and makes the chosen language the one lang.L
// answers in. Fyne's lang package always follows the system locale, so the chosen
// language's messages are registered under the system locale as well; registering
// again replaces them, which lets the language change while the app runs. Fyne reads the
// system locale in these calls; under LANG=C.UTF-8 it would log a needless error, hence
// langenv.WithCLocale.
func applyLanguage(choice string) string {
	eff := effectiveLanguage(choice)
	langenv.WithCLocale(func() {
		loadOnce.Do(func() {
			if err := lang.AddTranslationsFS(assets.Translations, translationsDir); err != nil {
				fyne.LogError("loading translations", err)
			}
		})
		data, err := assets.Translations.ReadFile(translationsDir + "/" + eff + ".json")
		if err == nil {
			err = lang.AddTranslationsForLocale(data, lang.SystemLocale())
		}
		if err != nil {
			fyne.LogError("applying language "+eff, err)
		}
	})
	uiLang = eff
	return eff
}

// tr translates key with optional template data (a map of names to values).
func tr(key string, data ...any) string { return lang.L(key, data...) }

// trN translates key in the plural form for n; the template sees {{.N}}.
func trN(key string, n int) string {
	return lang.N(key, n, map[string]any{"N": n})
}
