package journal

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// DecisionCell is one cell of the decision matrix, which separates the quality of a
// decision from its outcome.
type DecisionCell string

// Decision matrix cells.
const (
	// CellSkill is a good decision with a good outcome.
	CellSkill DecisionCell = "skill"
	// CellLuck is a bad decision with a good outcome.
	CellLuck DecisionCell = "luck"
	// CellBadLuck is a good decision with a bad outcome.
	CellBadLuck DecisionCell = "bad_luck"
	// CellDeservedLoss is a bad decision with a bad outcome.
	CellDeservedLoss DecisionCell = "deserved_loss"
)

// MatrixCell counts the theses in one cell of the matrix.
type MatrixCell struct {
	// Count is the number of theses.
	Count int
	// IDs are their ids, in the order given.
	IDs []string
}

func (c *MatrixCell) add(id string) {
	c.Count++
	c.IDs = append(c.IDs, id)
}

// Matrix is the decision matrix of a journal: the theses whose latest review grades the
// decision and judges the outcome, placed by both.
type Matrix struct {
	// Skill, Luck, BadLuck and DeservedLoss are the four cells.
	Skill, Luck, BadLuck, DeservedLoss MatrixCell
	// Neither holds the graded and judged theses that fall in no cell: a decision graded
	// 3 (neither good nor bad) or a mixed verdict.
	Neither MatrixCell
}

// Cell returns the cell named c, or nil for an unknown name.
func (m *Matrix) Cell(c DecisionCell) *MatrixCell {
	switch c {
	case CellSkill:
		return &m.Skill
	case CellLuck:
		return &m.Luck
	case CellBadLuck:
		return &m.BadLuck
	case CellDeservedLoss:
		return &m.DeservedLoss
	}
	return nil
}

// DecisionCellOf returns the cell of thesis t: from its latest review, a decision graded
// 4 or 5 is good and 1 or 2 bad; a played_out verdict is a good outcome and wrong a bad
// one (the verdict, not the P&L, decides: a thesis can make money for the wrong reason).
// ok is false and the cell empty when the latest review is not graded or its verdict is
// too_early (the thesis is left out of the matrix), and ok is true with an empty cell
// for a decision graded 3 or a mixed verdict (counted apart, as Matrix.Neither).
func DecisionCellOf(t *Thesis) (cell DecisionCell, ok bool) {
	if t == nil {
		return "", false
	}
	r := t.LastReview()
	if r == nil || r.Quality < 1 || r.Quality > MaxQuality {
		return "", false
	}
	var goodOutcome bool
	switch r.Verdict {
	case VerdictPlayedOut:
		goodOutcome = true
	case VerdictWrong:
	case VerdictMixed:
		return "", true
	default:
		return "", false
	}
	switch {
	case r.Quality >= 4 && goodOutcome:
		return CellSkill, true
	case r.Quality <= 2 && goodOutcome:
		return CellLuck, true
	case r.Quality >= 4:
		return CellBadLuck, true
	case r.Quality <= 2:
		return CellDeservedLoss, true
	}
	return "", true
}

// DecisionMatrix places each thesis in its cell (see DecisionCellOf).
func DecisionMatrix(theses []*Thesis) Matrix {
	var m Matrix
	for _, t := range theses {
		cell, ok := DecisionCellOf(t)
		if !ok {
			continue
		}
		if c := m.Cell(cell); c != nil {
			c.add(t.ID)
		} else {
			m.Neither.add(t.ID)
		}
	}
	return m
}

// QuarterBrier is the calibration of the verdicts given in one calendar quarter.
type QuarterBrier struct {
	// Year and Quarter (1–4) name the quarter, in UTC.
	Year, Quarter int
	// Count is the number of theses whose judging verdict was given in the quarter.
	Count int
	// Brier is their Brier score, the mean of (stated conviction − score)² (see
	// Calibrate); 0 when Count is 0.
	Brier decimal.Decimal
	// RollingCount and Rolling are the same over this quarter and the three before it,
	// all their theses pooled.
	RollingCount int
	Rolling      decimal.Decimal
}

// String returns the quarter as "2026Q3".
func (q QuarterBrier) String() string {
	return fmt.Sprintf("%04dQ%d", q.Year, q.Quarter)
}

// RollingBrier returns, quarter by quarter, the Brier score of stated convictions (see
// StatedConviction) against outcomes, for the theses whose latest review judges them
// (played_out 1, mixed 0.5, wrong 0), each counted in the calendar quarter (UTC) of that
// review. Reviews after now are left out. The quarters run, oldest first and without
// gaps, from the first quarter with a verdict to the quarter of now; nil when no thesis
// is judged.
func RollingBrier(theses []*Thesis, now time.Time) []QuarterBrier {
	now = now.UTC()
	type quarter struct{ year, q int }
	index := func(q quarter) int { return q.year*4 + q.q - 1 }
	tallies := map[int]*calTally{}
	first := -1
	for _, t := range theses {
		if t == nil {
			continue
		}
		r := t.LastReview()
		if r == nil || r.At.After(now) {
			continue
		}
		score, ok := r.Verdict.Score()
		if !ok {
			continue
		}
		at := r.At.UTC()
		i := index(quarter{at.Year(), (int(at.Month())-1)/3 + 1})
		if tallies[i] == nil {
			tallies[i] = &calTally{}
		}
		pct := min(max(t.StatedConviction(), 0), 100)
		tallies[i].add(decimal.NewFromInt(int64(pct)).Div(hundred), score)
		if first < 0 || i < first {
			first = i
		}
	}
	if first < 0 {
		return nil
	}
	last := index(quarter{now.Year(), (int(now.Month())-1)/3 + 1})
	var out []QuarterBrier
	for i := first; i <= last; i++ {
		q := QuarterBrier{Year: i / 4, Quarter: i%4 + 1}
		if a := tallies[i]; a != nil {
			q.Count, q.Brier = a.n, a.mean(a.squareSum)
		}
		var roll calTally
		for j := i - 3; j <= i; j++ {
			if a := tallies[j]; a != nil {
				roll.n += a.n
				roll.squareSum = roll.squareSum.Add(a.squareSum)
			}
		}
		q.RollingCount, q.Rolling = roll.n, roll.mean(roll.squareSum)
		out = append(out, q)
	}
	return out
}
