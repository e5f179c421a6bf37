package journal

import "slices"

// Copy returns a deep copy of t, field by field: no slice or pointer of the copy is
// shared with t. It is what Clone returns, without the round trip through JSON, for
// callers that copy large theses often.
func (t *Thesis) Copy() *Thesis {
	if t == nil {
		return nil
	}
	c := *t
	c.Reasons = slices.Clone(t.Reasons)
	c.Tags = slices.Clone(t.Tags)
	c.PreMortem = slices.Clone(t.PreMortem)
	c.BaseRate = cloneIntPtr(t.BaseRate)
	c.Levels = slices.Clone(t.Levels)
	c.Links = slices.Clone(t.Links)
	if t.Positions != nil {
		c.Positions = make([]Position, len(t.Positions))
		for i, p := range t.Positions {
			p.Fills = slices.Clone(p.Fills)
			p.Dividends = slices.Clone(p.Dividends)
			c.Positions[i] = p
		}
	}
	c.Snapshots = slices.Clone(t.Snapshots)
	if t.Reviews != nil {
		c.Reviews = make([]Review, len(t.Reviews))
		for i, r := range t.Reviews {
			r.Checks = slices.Clone(r.Checks)
			r.Prices = slices.Clone(r.Prices)
			r.Risks = slices.Clone(r.Risks)
			c.Reviews[i] = r
		}
	}
	if t.Revisions != nil {
		c.Revisions = make([]Revision, len(t.Revisions))
		for i, r := range t.Revisions {
			r.PreMortem = slices.Clone(r.PreMortem)
			r.BaseRate = cloneIntPtr(r.BaseRate)
			if r.Ledger != nil {
				l := make([]LedgerChange, len(r.Ledger))
				for j, ch := range r.Ledger {
					if ch.Fill != nil {
						f := *ch.Fill
						ch.Fill = &f
					}
					if ch.Dividend != nil {
						d := *ch.Dividend
						ch.Dividend = &d
					}
					l[j] = ch
				}
				r.Ledger = l
			}
			c.Revisions[i] = r
		}
	}
	return &c
}
