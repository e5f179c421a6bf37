package app

import (
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hindsight/journal"
)

// settingsForm edits the journal's settings (base currency, total loss budget, benchmark,
// author, cost method) and the app's (language, theme, running in the tray), shows where
// the journal lives, and lists its backups with a way to put one back.
type settingsForm struct {
	u          *UI
	base       *widget.Select
	total      *moneyEntry
	totalErr   *widget.Label
	bench      *widget.SelectEntry
	benchErr   *widget.Label
	author     *formEntry
	cost       *widget.RadioGroup
	language   *widget.RadioGroup
	themeSel   *widget.RadioGroup
	moves      *widget.RadioGroup
	keepTray   *widget.Check
	interval   *widget.Select
	location   *widget.Label
	openFolder *widget.Button
	backupNow  *widget.Button
	backups    *fyne.Container
	err        *widget.Label
	saveBtn    *widget.Button
	closeBtn   *widget.Button
	dialog     *dialog.CustomDialog

	langKeys  []string
	themeKeys []string
	moveKeys  []string
}

// showSettings opens the settings of the person's own journal; while the demo journal
// is shown it switches back first and returns nil.
func (u *UI) showSettings() *settingsForm {
	if u.showingDemo() {
		u.toOwnJournal("demo.back_for_settings", func() { u.showSettings() })
		return nil
	}
	f := &settingsForm{u: u}
	f.buildUI()
	u.settingsForm = f
	f.dialog.SetOnClosed(func() {
		if u.settingsForm == f {
			u.settingsForm = nil
		}
	})
	f.dialog.Show()
	f.loadBackups()
	return f
}

func (f *settingsForm) buildUI() {
	u := f.u
	s := u.settings
	f.base = widget.NewSelect(journal.Currencies(), nil)
	f.base.SetSelected(s.BaseCurrency)
	f.total = newMoneyEntry()
	f.total.SetPlaceHolder(tr("settings.total_hint"))
	if !s.TotalLossBudget.IsZero() {
		f.total.SetText(s.TotalLossBudget.Amount.String())
	}
	f.totalErr = errorLabel()
	f.bench = widget.NewSelectEntry(benchmarkChoices)
	f.bench.SetPlaceHolder(tr("settings.benchmark_hint", map[string]any{"Default": (journal.Settings{BaseCurrency: s.BaseCurrency}).DefaultBenchmark()}))
	f.bench.SetText(s.Benchmark)
	f.benchErr = errorLabel()
	f.author = newFormEntry(false, u.onTypedKey)
	f.author.SetText(s.Author)
	f.cost = widget.NewRadioGroup([]string{tr("settings.cost_average"), tr("settings.cost_fifo")}, nil)
	f.cost.Horizontal = true
	f.cost.Required = true
	f.cost.SetSelected(f.cost.Options[0])
	if s.CostMethod == journal.CostFIFO {
		f.cost.SetSelected(f.cost.Options[1])
	}
	costHelp := widget.NewLabel(tr("settings.cost_help"))
	costHelp.Wrapping = fyne.TextWrapWord
	costHelp.Importance = widget.LowImportance

	f.langKeys = []string{choiceSystem, langEnglish, langKorean}
	f.language = widget.NewRadioGroup([]string{tr("settings.system"), "English", "한국어"}, nil)
	f.language.Horizontal = true
	f.language.SetSelected(f.language.Options[max(slices.Index(f.langKeys, u.prefs.StringWithFallback(prefLanguage, choiceSystem)), 0)])
	f.themeKeys = []string{choiceSystem, themeLight, themeDark}
	f.themeSel = widget.NewRadioGroup([]string{tr("settings.system"), tr("settings.light"), tr("settings.dark")}, nil)
	f.themeSel.Horizontal = true
	f.themeSel.SetSelected(f.themeSel.Options[max(slices.Index(f.themeKeys, u.prefs.StringWithFallback(prefTheme, choiceSystem)), 0)])
	f.themeSel.OnChanged = func(string) { f.applyTheme() }
	f.moveKeys = []string{choiceSystem, movesRedUp, movesGreenUp}
	f.moves = widget.NewRadioGroup([]string{tr("settings.moves_auto"), tr("settings.moves_red"), tr("settings.moves_green")}, nil)
	f.moves.SetSelected(f.moves.Options[max(slices.Index(f.moveKeys, moveColors), 0)])
	f.moves.OnChanged = func(string) { f.applyMoves() }

	f.keepTray = widget.NewCheck(tr("settings.keep_in_tray"), nil)
	f.keepTray.SetChecked(u.prefs.Bool(prefKeepInTray))
	f.keepTray.OnChanged = func(on bool) { u.prefs.SetBool(prefKeepInTray, on) }
	var minutes []string
	for _, m := range refreshChoices {
		minutes = append(minutes, trN("settings.minutes", m))
	}
	f.interval = widget.NewSelect(minutes, nil)
	f.interval.SetSelectedIndex(max(slices.Index(refreshChoices, u.prefs.IntWithFallback(prefRefreshMinutes, defaultRefreshMinutes)), 0))
	f.interval.OnChanged = func(string) {
		u.prefs.SetInt(prefRefreshMinutes, refreshChoices[max(f.interval.SelectedIndex(), 0)])
	}
	trayHelp := widget.NewLabel(tr("settings.tray_help"))
	trayHelp.Wrapping = fyne.TextWrapWord
	trayHelp.Importance = widget.LowImportance
	if u.tray == nil {
		// Without a system tray a hidden window could not be brought back.
		f.keepTray.Disable()
	}

	f.location = wrapped(u.path)
	f.location.TextStyle.Monospace = true
	f.openFolder = widget.NewButtonWithIcon(tr("settings.open_folder"), theme.FolderOpenIcon(), f.onOpenFolder)
	f.backupNow = widget.NewButtonWithIcon(tr("settings.backup_now"), theme.DocumentSaveIcon(), f.onBackupNow)
	if u.deps.Backup == nil {
		f.backupNow.Hide()
	}
	f.backups = container.NewVBox()
	f.err = errorLabel()
	f.saveBtn = widget.NewButtonWithIcon(tr("settings.save"), theme.ConfirmIcon(), f.save)
	f.saveBtn.Importance = widget.HighImportance
	f.closeBtn = widget.NewButton(tr("dialog.close"), func() { f.dialog.Hide() })

	journalBox := widget.NewForm(
		widget.NewFormItem(tr("settings.base"), f.base),
		widget.NewFormItem(tr("settings.total"), container.NewVBox(f.total, f.totalErr)),
		widget.NewFormItem(tr("settings.benchmark"), container.NewVBox(f.bench, f.benchErr)),
		widget.NewFormItem(tr("settings.author"), f.author),
		widget.NewFormItem(tr("settings.cost_method"), container.NewVBox(f.cost, costHelp)),
	)
	appBox := widget.NewForm(
		widget.NewFormItem(tr("settings.language"), f.language),
		widget.NewFormItem(tr("settings.theme"), f.themeSel),
		widget.NewFormItem(tr("settings.moves"), f.moves),
		widget.NewFormItem(tr("settings.tray"), container.NewVBox(f.keepTray,
			container.NewHBox(widget.NewLabel(tr("settings.tray_interval")), f.interval), trayHelp)),
	)
	dataBox := container.NewVBox(f.location, container.NewHBox(f.openFolder, f.backupNow),
		heading(tr("settings.backups")), f.backups)
	body := container.NewVBox(
		widget.NewCard(tr("settings.journal"), "", journalBox),
		widget.NewCard(tr("settings.app"), "", appBox),
		widget.NewCard(tr("settings.data"), "", dataBox),
		f.err,
	)
	scroll := container.NewVScroll(body)
	scroll.SetMinSize(fyne.NewSize(600, 520))
	content := container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), f.closeBtn, f.saveBtn), nil, nil, scroll)
	f.dialog = dialog.NewCustomWithoutButtons(tr("settings.title"), content, u.win)
}

// applyTheme switches the theme at once and remembers it.
func (f *settingsForm) applyTheme() {
	i := max(slices.Index(f.themeSel.Options, f.themeSel.Selected), 0)
	f.u.prefs.SetString(prefTheme, f.themeKeys[i])
	f.u.theme = newTheme(f.themeKeys[i])
	f.u.app.Settings().SetTheme(f.u.theme)
	if f.u.review.thesis != nil {
		f.u.review.render()
	}
}

// applyMoves switches the colours of gains and losses at once and remembers the choice.
func (f *settingsForm) applyMoves() {
	i := max(slices.Index(f.moves.Options, f.moves.Selected), 0)
	moveColors = f.moveKeys[i]
	f.u.prefs.SetString(prefMoveColors, moveColors)
	f.u.repaintMoves()
}

// settings reads the journal settings from the form; problems are shown beside the fields.
func (f *settingsForm) settings() (journal.Settings, bool) {
	s := f.u.settings
	s.BaseCurrency = f.base.Selected
	s.Author = strings.TrimSpace(f.author.Text)
	s.CostMethod = journal.CostAverage
	if f.cost.Selected == f.cost.Options[1] {
		s.CostMethod = journal.CostFIFO
	}
	ok := true
	s.TotalLossBudget = journal.Money{}
	setError(f.totalErr, "")
	if t := strings.TrimSpace(f.total.Text); t != "" {
		m, err := journal.ParseMoney(t, s.BaseCurrency)
		if err != nil || !m.Amount.IsPositive() {
			setError(f.totalErr, tr("settings.bad_total"))
			ok = false
		} else {
			s.TotalLossBudget = m
		}
	}
	setError(f.benchErr, "")
	s.Benchmark = ""
	if b := strings.TrimSpace(f.bench.Text); b != "" {
		sym, err := journal.ParseSymbol(b)
		if err != nil {
			setError(f.benchErr, ruleText(journal.ErrorMessage(err)))
			ok = false
		}
		s.Benchmark = sym
	}
	return s, ok
}

// save stores the journal settings in the background and applies the language.
func (f *settingsForm) save() {
	u := f.u
	s, ok := f.settings()
	if !ok {
		return
	}
	langChoice := f.langKeys[max(slices.Index(f.language.Options, f.language.Selected), 0)]
	langChanged := langChoice != u.prefs.StringWithFallback(prefLanguage, choiceSystem)
	store := u.store
	if store == nil {
		return
	}
	f.saveBtn.Disable()
	u.background(func() {
		ctx, cancel := u.ctx()
		defer cancel()
		err := store.SaveSettings(ctx, s)
		u.do(func() {
			f.saveBtn.Enable()
			if err != nil {
				setError(f.err, errorText(err))
				return
			}
			baseChanged := s.BaseCurrency != u.settings.BaseCurrency
			u.settings = s
			f.dialog.Hide()
			if langChanged {
				u.prefs.SetString(prefLanguage, langChoice)
				applyLanguage(langChoice)
				u.rebuild()
			}
			if baseChanged {
				u.loadGen++
				u.loadAll()
			}
			u.setMarket(u.market)
			u.status.update()
			u.dash.refresh()
			u.status.say(tr("settings.saved"), false)
		})
	})
}

// onOpenFolder shows the journal's folder in the system's file manager.
func (f *settingsForm) onOpenFolder() {
	dir := filepath.Dir(f.u.path)
	if err := f.u.app.OpenURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}); err != nil {
		f.u.showError(err)
	}
}

// onBackupNow copies the journal into its backups now.
func (f *settingsForm) onBackupNow() {
	u := f.u
	store, path := u.store, u.path
	f.backupNow.Disable()
	u.background(func() {
		made, err := u.deps.Backup(store, path)
		u.do(func() {
			f.backupNow.Enable()
			if err != nil {
				u.showError(err)
				return
			}
			u.status.say(tr("settings.backed_up", map[string]any{"Path": made}), false)
			f.loadBackups()
		})
	})
}

// loadBackups lists the journal's backups in the background.
func (f *settingsForm) loadBackups() {
	u := f.u
	if u.deps.Backups == nil {
		f.backups.Objects = []fyne.CanvasObject{widget.NewLabel(tr("settings.no_backups"))}
		f.backups.Refresh()
		return
	}
	path := u.path
	u.background(func() {
		bs, err := u.deps.Backups(path)
		u.do(func() {
			if err != nil {
				setError(f.err, errorText(err))
				return
			}
			var objs []fyne.CanvasObject
			for _, b := range bs {
				b := b
				restore := widget.NewButtonWithIcon(tr("settings.restore"), theme.HistoryIcon(), func() { u.restoreBackup(b, f) })
				objs = append(objs, container.NewBorder(nil, nil, nil, restore,
					widget.NewLabel(fmtDateTime(b.Time)+" · "+bytesText(b.Size)+" · "+filepath.Base(b.Path))))
			}
			if len(objs) == 0 {
				objs = append(objs, widget.NewLabel(tr("settings.no_backups")))
			}
			f.backups.Objects = objs
			f.backups.Refresh()
		})
	})
}

// restoreBackup asks, then puts backup b in place of the journal: the journal is closed,
// the backup copied over it (the current file is kept beside it) and opened again.
func (u *UI) restoreBackup(b Backup, f *settingsForm) {
	if u.deps.Restore == nil {
		return
	}
	u.confirm(tr("settings.restore_title"), tr("settings.restore_message", map[string]any{"Date": fmtDateTime(b.Time)}), tr("settings.restore"), func() {
		if f != nil {
			f.dialog.Hide()
		}
		path, store := u.path, u.store
		u.store = nil
		u.background(func() {
			if store != nil {
				_ = store.Close()
			}
			moved, err := u.deps.Restore(path, b.Path)
			u.do(func() {
				u.openJournal(path, false)
				if err != nil {
					u.showErrorWith(tr("open.restore_failed"), err)
					return
				}
				u.status.say(tr("settings.restored", map[string]any{"Backup": filepath.Base(b.Path), "Moved": moved}), false)
			})
		})
	})
}
