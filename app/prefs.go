package app

// Preference keys. UI choices live in Fyne's preferences; journal settings (base currency,
// total loss budget, benchmark) live in the journal itself.
const (
	// prefTheme is "system", "light" or "dark".
	prefTheme = "theme"
	// prefLanguage is "system", "en" or "ko".
	prefLanguage = "language"
	// prefMoveColors is "system" (by the interface language), "red-up" or "green-up".
	prefMoveColors = "colors.moves"
	// prefWindowWidth and prefWindowHeight remember the main window's size.
	prefWindowWidth  = "window.width"
	prefWindowHeight = "window.height"
	// prefSplit remembers where the list and the detail pane divide (0–1).
	prefSplit = "window.split"
	// prefDraft holds the thesis being written, as JSON, until it is saved or discarded.
	prefDraft = "editor.draft"
	// prefKeepInTray keeps the app running in the system tray when the window closes,
	// refreshing prices every prefRefreshMinutes while a market may be open.
	prefKeepInTray = "tray.keep"
	// prefRefreshMinutes is the interval of the periodic refresh, in minutes.
	prefRefreshMinutes = "tray.refresh_minutes"
)

// Choices of prefTheme and prefLanguage.
const (
	choiceSystem = "system"
	themeLight   = "light"
	themeDark    = "dark"
	langEnglish  = "en"
	langKorean   = "ko"
)

// Defaults of the window geometry.
const (
	defaultWidth  = 1200
	defaultHeight = 760
	defaultSplit  = 0.34
)

// defaultRefreshMinutes is the interval of the periodic refresh unless chosen otherwise.
const defaultRefreshMinutes = 30
