package app

import (
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/journal/pdf"
)

// Choices of prefMoveColors, the colours of gains and losses.
const (
	// movesRedUp draws gains in red and losses in blue, as Korean brokerage apps do.
	movesRedUp = "red-up"
	// movesGreenUp draws gains in green and losses in red.
	movesGreenUp = "green-up"
)

// moveColors is the preference for the colours of gains and losses: "system" (by the
// interface language), movesRedUp or movesGreenUp. It is written only on the UI goroutine.
var moveColors = choiceSystem

// gainsInRed reports whether gains are drawn red (and losses blue): by choice, or, when
// the choice follows the system, when the interface is Korean.
func gainsInRed() bool {
	switch moveColors {
	case movesRedUp:
		return true
	case movesGreenUp:
		return false
	}
	return uiLang == langKorean
}

// moveImportance colours a signed figure by its sign and the convention in force: a gain
// is green (red in the Korean convention), a loss red (blue), and zero is not coloured.
// Every signed figure the app shows takes its colour from here.
func moveImportance(sign int) widget.Importance {
	switch {
	case sign > 0 && gainsInRed():
		return widget.DangerImportance
	case sign > 0:
		return widget.SuccessImportance
	case sign < 0 && gainsInRed():
		return widget.HighImportance
	case sign < 0:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// pctImportance colours a fraction by the sign of the percentage it is shown as, so a
// figure that rounds to 0.0 % stays neutral.
func pctImportance(f decimal.Decimal) widget.Importance {
	return moveImportance(f.Mul(decimal.NewFromInt(100)).Round(1).Sign())
}

// moneyImportance colours an amount by the sign of its rounded value.
func moneyImportance(m journal.Money) widget.Importance {
	return moveImportance(m.Round().Amount.Sign())
}

// pdfMoveColors is the PDF's choice of colours for gains and losses: the app's, or the
// PDF language's convention when the app follows its own language.
func pdfMoveColors() string {
	switch moveColors {
	case movesRedUp:
		return pdf.MovesRedUp
	case movesGreenUp:
		return pdf.MovesGreenUp
	}
	return ""
}
