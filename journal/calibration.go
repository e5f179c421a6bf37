package journal

import (
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// Score returns how a verdict counts when checking calibration: 1 for played_out, 0 for
// wrong and 0.5 for mixed. Too early (or an unknown verdict) does not count, and ok is false.
func (v Verdict) Score() (score decimal.Decimal, ok bool) {
	switch v {
	case VerdictPlayedOut:
		return decOne, true
	case VerdictWrong:
		return decimal.Decimal{}, true
	case VerdictMixed:
		return decimal.New(5, -1), true
	}
	return decimal.Decimal{}, false
}

// StatedConviction returns the conviction as first written: the one kept by the oldest
// revision when the claim has been edited since, else the current one. Calibration uses
// it so that lowering a conviction after the market moved does not flatter the record.
func (t *Thesis) StatedConviction() int {
	if len(t.Revisions) > 0 {
		return t.Revisions[0].Conviction
	}
	return t.Conviction
}

// CalibrationBucket is the record of the theses stated with a conviction in [Low, High) %;
// the last bucket also holds 100 %.
type CalibrationBucket struct {
	// Low and High bound the stated conviction, in percent.
	Low, High int
	// Count is the number of judged theses in the bucket.
	Count int
	// Hits is the sum of their scores (played out 1, mixed 0.5, wrong 0).
	Hits decimal.Decimal
	// HitRate is Hits over Count (0 when Count is 0).
	HitRate decimal.Decimal
	// MeanConviction is the mean stated conviction as a fraction (0.85 for 85 %; 0 when
	// Count is 0), comparable with HitRate.
	MeanConviction decimal.Decimal
}

// TagCalibration is the record of the judged theses carrying one tag.
type TagCalibration struct {
	// Tag is the tag.
	Tag string
	// Count, Hits, HitRate and MeanConviction are as in CalibrationBucket.
	Count          int
	Hits           decimal.Decimal
	HitRate        decimal.Decimal
	MeanConviction decimal.Decimal
	// Brier is the Brier score of these theses (0 when Count is 0).
	Brier decimal.Decimal
}

// Calibration compares stated convictions with how the theses turned out.
type Calibration struct {
	// Count is the number of judged theses: those whose latest review says played_out,
	// wrong or mixed.
	Count int
	// Hits is the sum of their scores; HitRate is Hits over Count (0 when Count is 0).
	Hits    decimal.Decimal
	HitRate decimal.Decimal
	// MeanConviction is the mean stated conviction as a fraction (0 when Count is 0).
	MeanConviction decimal.Decimal
	// Brier is the mean of (conviction/100 − score)²: 0 is perfect, 0.25 is what always
	// saying 50 % earns. It is 0 when Count is 0.
	Brier decimal.Decimal
	// Buckets are the six conviction bands 0–50, 50–60, 60–70, 70–80, 80–90 and 90–100 %,
	// always all present, lowest first.
	Buckets []CalibrationBucket
	// Tags has one entry per tag of a judged thesis, sorted by tag.
	Tags []TagCalibration
}

// calibrationBands are the lower bounds of the buckets, in percent.
var calibrationBands = []int{0, 50, 60, 70, 80, 90, 100}

// calTally accumulates scores for one group of theses.
type calTally struct {
	n                     int
	hits, conv, squareSum decimal.Decimal
}

func (a *calTally) add(conviction, score decimal.Decimal) {
	a.n++
	a.hits = a.hits.Add(score)
	a.conv = a.conv.Add(conviction)
	d := conviction.Sub(score)
	a.squareSum = a.squareSum.Add(d.Mul(d))
}

// mean returns x over the count, or 0 for an empty tally.
func (a *calTally) mean(x decimal.Decimal) decimal.Decimal {
	if a.n == 0 {
		return decimal.Decimal{}
	}
	return x.Div(decimal.NewFromInt(int64(a.n)))
}

// Calibrate scores theses whose latest review is played_out (1), wrong (0) or mixed
// (0.5) against their stated conviction (see StatedConviction). Theses never reviewed,
// or whose latest review says too_early, are left out.
func Calibrate(theses []*Thesis) Calibration {
	var all calTally
	buckets := make([]calTally, len(calibrationBands)-1)
	tags := map[string]*calTally{}
	for _, t := range theses {
		if t == nil {
			continue
		}
		r := t.LastReview()
		if r == nil {
			continue
		}
		score, ok := r.Verdict.Score()
		if !ok {
			continue
		}
		pct := min(max(t.StatedConviction(), 0), 100)
		conv := decimal.NewFromInt(int64(pct)).Div(hundred)
		all.add(conv, score)
		buckets[bucketOf(pct)].add(conv, score)
		seen := map[string]bool{}
		for _, tag := range t.Tags {
			tag = strings.ToLower(strings.TrimSpace(tag))
			if tag == "" || seen[tag] {
				continue
			}
			seen[tag] = true
			if tags[tag] == nil {
				tags[tag] = &calTally{}
			}
			tags[tag].add(conv, score)
		}
	}
	c := Calibration{
		Count: all.n, Hits: all.hits, HitRate: all.mean(all.hits),
		MeanConviction: all.mean(all.conv), Brier: all.mean(all.squareSum),
	}
	for i := range buckets {
		b := &buckets[i]
		c.Buckets = append(c.Buckets, CalibrationBucket{
			Low: calibrationBands[i], High: calibrationBands[i+1], Count: b.n, Hits: b.hits,
			HitRate: b.mean(b.hits), MeanConviction: b.mean(b.conv),
		})
	}
	for tag, a := range tags {
		c.Tags = append(c.Tags, TagCalibration{
			Tag: tag, Count: a.n, Hits: a.hits, HitRate: a.mean(a.hits),
			MeanConviction: a.mean(a.conv), Brier: a.mean(a.squareSum),
		})
	}
	slices.SortFunc(c.Tags, func(a, b TagCalibration) int { return strings.Compare(a.Tag, b.Tag) })
	return c
}

// bucketOf returns the index of the bucket holding a conviction of pct %.
func bucketOf(pct int) int {
	for i := len(calibrationBands) - 2; i > 0; i-- {
		if pct >= calibrationBands[i] {
			return i
		}
	}
	return 0
}
