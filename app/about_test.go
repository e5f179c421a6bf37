package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

func TestMainMenuAndAbout(t *testing.T) {
	applyLanguage(langEnglish)
	h := newHarness(t, harnessOptions{noServer: true})
	h.u.deps.Version = "9.8.7"
	menu := h.win.MainMenu()
	if menu == nil || len(menu.Items) != 2 {
		t.Fatalf("main menu = %+v, want File and Help", menu)
	}
	var labels []string
	for _, m := range menu.Items {
		labels = append(labels, m.Label)
		for _, it := range m.Items {
			labels = append(labels, it.Label)
		}
	}
	got := strings.Join(labels, "|")
	for _, want := range []string{"File", "New thesis", "Save", "Search", "Refresh quotes", "Import", "Export", "Settings", "Help", "About Hindsight"} {
		if !strings.Contains(got, want) {
			t.Errorf("menu lacks %q: %s", want, got)
		}
	}
	// New thesis from the menu opens the form with the cursor in the title.
	menu.Items[0].Items[0].Action()
	h.settle()
	if !h.u.editor.active || h.win.Canvas().Focused() != h.u.editor.title {
		t.Fatal("File > New thesis did not open the form with the title focused")
	}
	about := h.u.aboutText()
	if !strings.Contains(about, "Hindsight 9.8.7") || !strings.Contains(about, h.path) {
		t.Fatalf("about text %q lacks the version or the journal path", about)
	}
	applyLanguage(langKorean)
	defer applyLanguage(langEnglish)
	if ko := h.u.aboutText(); !strings.Contains(ko, "저널: "+h.path) {
		t.Fatalf("Korean about text = %q", ko)
	}
}

// TestMenuCarriesShortcuts checks that the keyboard shortcuts sit on the menu items: the
// window gives a shortcut to the menu before the focused text field, so Ctrl+S saves while
// the cursor is in the title.
func TestMenuCarriesShortcuts(t *testing.T) {
	applyLanguage(langEnglish)
	h := newHarness(t, harnessOptions{noServer: true})
	want := map[string]fyne.KeyName{"New thesis": fyne.KeyN, "Save": fyne.KeyS, "Search": fyne.KeyF, "Refresh quotes": fyne.KeyR, "Export": fyne.KeyE}
	for _, it := range h.win.MainMenu().Items[0].Items {
		key, ok := want[it.Label]
		if !ok {
			continue
		}
		sc, isCustom := it.Shortcut.(*desktop.CustomShortcut)
		if !isCustom || sc.KeyName != key || sc.Modifier != fyne.KeyModifierShortcutDefault {
			t.Errorf("%s: shortcut %#v, want Ctrl/Cmd+%s", it.Label, it.Shortcut, key)
		}
		delete(want, it.Label)
	}
	if len(want) > 0 {
		t.Errorf("menu items missing: %v", want)
	}
}
