package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"hindsight/journal"
)

var verdicts = []journal.Verdict{journal.VerdictPlayedOut, journal.VerdictWrong, journal.VerdictMixed, journal.VerdictTooEarly}

// statusAfter is the status a verdict suggests.
func statusAfter(v journal.Verdict) journal.Status {
	switch v {
	case journal.VerdictPlayedOut:
		return journal.StatusPlayedOut
	case journal.VerdictWrong:
		return journal.StatusWrong
	case journal.VerdictMixed:
		return journal.StatusMixed
	}
	return journal.StatusOpen
}

// reviewForm records a review: the verdict, a note, which reasons held or broke, and the
// prices of the moment; it can change the thesis's status too.
type reviewForm struct {
	u       *UI
	thesis  *journal.Thesis
	verdict *widget.RadioGroup
	note    *formEntry
	checks  []*widget.RadioGroup
	// quality grades the decision 1–5; risks are the pre-mortem risks, checked when
	// they happened.
	quality *widget.RadioGroup
	risks   []*widget.Check
	status  *widget.Select
	prices  *widget.Label
	err     *widget.Label
	saveBtn *widget.Button
	cancel  *widget.Button
	dialog  *dialog.CustomDialog
	done    bool
}

// showRecordReview opens the review form for t.
func (u *UI) showRecordReview(t *journal.Thesis) *reviewForm {
	f := &reviewForm{u: u, thesis: t}
	f.buildUI()
	u.reviewForm = f
	f.dialog.SetOnClosed(func() {
		if u.reviewForm == f {
			u.reviewForm = nil
		}
	})
	f.dialog.Show()
	return f
}

func (f *reviewForm) buildUI() {
	u, t := f.u, f.thesis
	var vOpts []string
	for _, v := range verdicts {
		vOpts = append(vOpts, verdictText(v))
	}
	var sOpts []string
	for _, s := range journal.Statuses {
		sOpts = append(sOpts, statusText(s))
	}
	f.status = widget.NewSelect(sOpts, nil)
	f.status.SetSelected(statusText(t.Status))
	f.verdict = widget.NewRadioGroup(vOpts, func(s string) {
		for i, o := range vOpts {
			if o == s {
				f.status.SetSelected(statusText(statusAfter(verdicts[i])))
			}
		}
	})
	f.verdict.Horizontal = true
	f.note = newFormEntry(true, u.onTypedKey)
	f.note.Wrapping = fyne.TextWrapWord
	f.note.SetMinRowsVisible(3)
	f.note.SetPlaceHolder(tr("record.note_hint"))
	reasons := container.NewVBox()
	held, broke := tr("review.held"), tr("review.broke")
	for i, r := range t.Reasons {
		g := widget.NewRadioGroup([]string{held, broke}, nil)
		g.Horizontal = true
		g.SetSelected(held)
		f.checks = append(f.checks, g)
		l := widget.NewLabel(numbered(i, r))
		l.Truncation = fyne.TextTruncateEllipsis
		reasons.Add(container.NewBorder(nil, nil, nil, g, l))
	}
	var qOpts []string
	for q := 1; q <= journal.MaxQuality; q++ {
		qOpts = append(qOpts, qualityOption(q))
	}
	f.quality = widget.NewRadioGroup(qOpts, nil)
	qualityHint := wrapped(tr("record.quality_hint"))
	qualityHint.TextStyle.Italic = true
	risks := container.NewVBox()
	for _, r := range t.PreMortem {
		c := widget.NewCheck("", nil)
		f.risks = append(f.risks, c)
		risks.Add(container.NewBorder(nil, nil, c, nil, wrapped(shown(r))))
	}
	var ps []string
	for _, s := range u.knownPrices(t) {
		ps = append(ps, s.Symbol+" "+journal.FormatPrice(s.Symbol, s.Price)+" ("+fmtDateTime(s.At)+")")
	}
	if len(ps) == 0 {
		f.prices = wrapped(tr("record.no_prices"))
	} else {
		f.prices = wrapped(tr("record.prices", map[string]any{"Prices": strings.Join(ps, " · ")}))
	}
	f.prices.Importance = widget.LowImportance
	f.err = errorLabel()
	f.saveBtn = widget.NewButton(tr("record.save"), f.save)
	f.saveBtn.Importance = widget.HighImportance
	f.cancel = widget.NewButton(tr("dialog.cancel"), func() { f.dialog.Hide() })
	body := container.NewVBox(
		heading(tr("record.verdict")), f.verdict,
		heading(tr("record.note")), f.note,
	)
	if len(t.Reasons) > 0 {
		body.Add(heading(tr("record.reasons")))
		body.Add(reasons)
	}
	body.Add(heading(tr("record.quality")))
	body.Add(qualityHint)
	body.Add(f.quality)
	if len(t.PreMortem) > 0 {
		body.Add(heading(tr("record.risks")))
		body.Add(risks)
	}
	body.Add(container.NewBorder(nil, nil, heading(tr("record.status")), nil, f.status))
	body.Add(f.prices)
	// Save and Cancel stay under the scrolling part, so they show at any window size.
	scroll := container.NewVScroll(body)
	win := u.win.Canvas().Size()
	scroll.SetMinSize(fyne.NewSize(reviewFormWidth(win.Width), reviewFormHeight(win.Height)))
	buttons := container.NewVBox(f.err, container.NewHBox(layout.NewSpacer(), f.cancel, f.saveBtn))
	content := container.NewBorder(nil, buttons, nil, nil, scroll)
	f.dialog = dialog.NewCustomWithoutButtons(tr("record.title", map[string]any{"Title": t.Title}), content, u.win)
}

// reviewFormChrome is about what a dialog adds around its content (title, padding) and
// what the review form puts under its scrolling part (an error line and the buttons).
var reviewFormChrome = fyne.NewSize(80, 230)

// reviewFormWidth is the width of the review form's scrolling part in a window whose
// content is winWidth wide: 560 when there is room, less in a narrow window.
func reviewFormWidth(winWidth float32) float32 {
	if winWidth <= 0 {
		return 560
	}
	return max(min(560, winWidth-reviewFormChrome.Width), 320)
}

// reviewFormHeight is the height of the review form's scrolling part in a window whose
// content is winHeight tall: 420 when there is room, less in a small window.
func reviewFormHeight(winHeight float32) float32 {
	if winHeight <= 0 {
		return 420
	}
	return max(min(420, winHeight-reviewFormChrome.Height), 160)
}

// review returns the review the form describes, with the current prices.
func (f *reviewForm) review() (journal.Review, bool) {
	i := -1
	for j, v := range verdicts {
		if verdictText(v) == f.verdict.Selected {
			i = j
		}
	}
	if i < 0 {
		return journal.Review{}, false
	}
	r := journal.Review{At: f.u.now().UTC(), Verdict: verdicts[i], Note: strings.TrimSpace(f.note.Text), Prices: f.u.knownPrices(f.thesis)}
	for j, g := range f.checks {
		r.Checks = append(r.Checks, journal.ReasonCheck{Reason: j, Held: g.Selected == tr("review.held")})
	}
	for q := 1; q <= journal.MaxQuality; q++ {
		if f.quality.Selected == qualityOption(q) {
			r.Quality = q
		}
	}
	for j, c := range f.risks {
		if c.Checked {
			r.Risks = append(r.Risks, j)
		}
	}
	return r, true
}

// save appends the review to the thesis, changes its status and writes it.
func (f *reviewForm) save() {
	r, ok := f.review()
	if !ok {
		setError(f.err, tr("record.need_verdict"))
		return
	}
	t := f.thesis.Clone()
	t.Reviews = append(t.Reviews, r)
	if i := f.status.SelectedIndex(); i >= 0 {
		t.Status = journal.Statuses[i]
	}
	f.saveBtn.Disable()
	f.u.saveThesis(t, false, func(saved *journal.Thesis, err error) {
		f.saveBtn.Enable()
		if err != nil {
			setError(f.err, errorText(err))
			return
		}
		f.done = true
		f.dialog.Hide()
		f.u.status.say(tr("record.saved"), false)
		f.u.showThesis(saved.ID)
	})
}

// qualityOption is decision grade q as offered: "4 · careful".
func qualityOption(q int) string {
	return fmt.Sprintf("%d · %s", q, tr(fmt.Sprintf("quality.%d", q)))
}
