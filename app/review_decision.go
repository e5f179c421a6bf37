package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"hindsight/journal"
)

// The review's parts that judge the decision apart from its outcome: the pre-mortem, the
// invalidation levels, the links to and from other theses, and each review's grade.

// convictionText writes the stated conviction with the base rate beside it when there is
// one: "conviction 70 %, base rate 30 %".
func convictionText(t *journal.Thesis) string {
	if t.BaseRate == nil {
		return tr("review.conviction", map[string]any{"N": t.Conviction})
	}
	return tr("review.conviction_base", map[string]any{"N": t.Conviction, "B": *t.BaseRate})
}

// preMortemText lists the pre-mortem risks, numbered; "" when there are none.
func preMortemText(t *journal.Thesis) string {
	if len(t.PreMortem) == 0 {
		return ""
	}
	var rs []string
	for i, r := range t.PreMortem {
		rs = append(rs, fmt.Sprintf("%d. %s", i+1, shown(r)))
	}
	return tr("review.pre_mortem") + "\n" + strings.Join(rs, "\n")
}

// levelText writes a level: "NVDA closes below $90.00" or "NVDA trades above $150.00".
func levelText(l journal.Level) string {
	key := "review.level_trades"
	if l.Close {
		key = "review.level_closes"
	}
	return tr(key, map[string]any{"Symbol": l.Symbol, "When": tr("level." + string(l.When)),
		"Price": journal.FormatPrice(l.Symbol, l.Price)})
}

// levelsText lists the invalidation levels; "" when there are none.
func levelsText(t *journal.Thesis) string {
	if len(t.Levels) == 0 {
		return ""
	}
	var ls []string
	for _, l := range t.Levels {
		ls = append(ls, "• "+levelText(l))
	}
	return tr("review.levels") + "\n" + strings.Join(ls, "\n")
}

// renderLinks lists the links of the thesis both ways, each opening the other thesis.
func (r *reviewView) renderLinks(t *journal.Thesis) {
	var objs []fyne.CanvasObject
	add := func(kind journal.LinkKind, id string, back bool) {
		objs = append(objs, newLinkLabel(linkText(r.u, kind, id, back), func() { r.u.openThesis(id, nil) }))
	}
	for _, l := range t.Links {
		add(l.Kind, l.To, false)
	}
	for _, b := range journal.Backlinks(r.u.all)[t.ID] {
		add(b.Kind, b.From, true)
	}
	if len(objs) > 0 {
		h := widget.NewLabel(tr("review.links"))
		objs = append([]fyne.CanvasObject{h}, objs...)
	}
	r.links.Objects = objs
	r.links.Refresh()
}

// qualityText writes a review's decision grade: "decision quality 4/5 (careful)"; "" when
// the review does not grade the decision.
func qualityText(rv journal.Review) string {
	if rv.Quality < 1 || rv.Quality > journal.MaxQuality {
		return ""
	}
	return tr("review.quality", map[string]any{"N": rv.Quality, "Max": journal.MaxQuality,
		"Label": tr(fmt.Sprintf("quality.%d", rv.Quality))})
}

// risksHappenedText lists the pre-mortem risks a review says happened; "" when none.
func risksHappenedText(t *journal.Thesis, rv journal.Review) string {
	var rs []string
	for _, i := range rv.Risks {
		if i >= 0 && i < len(t.PreMortem) {
			rs = append(rs, shown(t.PreMortem[i]))
		}
	}
	if len(rs) == 0 {
		return ""
	}
	return tr("review.risks_happened", map[string]any{"Risks": strings.Join(rs, "; ")})
}

// showText sets a label's text and hides the label while the text is empty.
func showText(l *widget.Label, text string) {
	l.SetText(text)
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
}
