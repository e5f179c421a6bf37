package journal_test

import (
	"testing"
	"time"

	"hindsight/journal"

	"github.com/shopspring/decimal"
)

var calWritten = time.Date(2025, 1, 28, 9, 0, 0, 0, time.UTC)

// calThesis returns a thesis stated with conviction and reviewed with the given verdicts,
// oldest first.
func calThesis(id string, conviction int, tags []string, verdicts ...journal.Verdict) *journal.Thesis {
	t := &journal.Thesis{
		ID: id, Title: "확신 " + id, Conviction: conviction, Tags: tags,
		Status: journal.StatusOpen, CreatedAt: calWritten,
	}
	for i, v := range verdicts {
		t.Reviews = append(t.Reviews, journal.Review{At: calWritten.AddDate(0, i+1, 0), Verdict: v})
	}
	return t
}

// calCheck compares d, rounded to 10 decimals, with want.
func calCheck(t *testing.T, field string, d decimal.Decimal, want string) {
	t.Helper()
	if !d.Round(10).Equal(decimal.RequireFromString(want)) {
		t.Errorf("%s = %s, want %s", field, d, want)
	}
}

type calGroup struct {
	count                int
	hits, rate, meanConv string
}

func TestCalibrate(t *testing.T) {
	revised := calThesis("revised", 30, nil, journal.VerdictWrong)
	revised.Revisions = []journal.Revision{{At: calWritten.AddDate(0, 0, 5), Conviction: 70}, {At: calWritten.AddDate(0, 0, 9), Conviction: 50}}
	tests := []struct {
		name    string
		theses  []*journal.Thesis
		all     calGroup
		brier   string
		buckets map[int]calGroup // by lower bound; the others must be empty
		tags    []string
		tagWant []calGroup
		tagBri  []string
	}{
		{
			// 80 % played out, 60 % wrong, 90 % mixed; the 70 % thesis last reviewed
			// "too early" and the unreviewed 50 % one are left out.
			// Brier ((0.8 − 1)² + (0.6 − 0)² + (0.9 − 0.5)²) / 3 = (0.04 + 0.36 + 0.16) / 3
			// = 0.56 / 3 = 0.1866666667. Hits 1 + 0 + 0.5 = 1.5, rate 0.5, mean stated
			// conviction (0.8 + 0.6 + 0.9) / 3 = 0.7666666667.
			// Tag ai (80, 60): hits 1, rate 0.5, mean 0.7, Brier (0.04 + 0.36) / 2 = 0.2.
			// Tag 반도체 (80, 90): hits 1.5, rate 0.75, mean 0.85, Brier (0.04 + 0.16) / 2 = 0.1.
			name: "three judged theses",
			theses: []*journal.Thesis{
				calThesis("a", 80, []string{"ai", "반도체"}, journal.VerdictPlayedOut),
				calThesis("b", 60, []string{"ai"}, journal.VerdictWrong),
				calThesis("c", 90, []string{"반도체"}, journal.VerdictMixed),
				calThesis("d", 70, []string{"ai", "전력"}, journal.VerdictPlayedOut, journal.VerdictTooEarly),
				calThesis("e", 50, []string{"ai"}),
				nil,
			},
			all:   calGroup{3, "1.5", "0.5", "0.7666666667"},
			brier: "0.1866666667",
			buckets: map[int]calGroup{
				60: {1, "0", "0", "0.6"},
				80: {1, "1", "1", "0.8"},
				90: {1, "0.5", "0.5", "0.9"},
			},
			tags:    []string{"ai", "반도체"},
			tagWant: []calGroup{{2, "1", "0.5", "0.7"}, {2, "1.5", "0.75", "0.85"}},
			tagBri:  []string{"0.2", "0.1"},
		},
		{
			// Squares: 0 → wrong 0; 49 → played out (0.49 − 1)² = 0.2601;
			// 50 → played out 0.25; 59 → wrong 0.3481; 60 → mixed 0.01; 100 → played out 0.
			// Brier 0.8682 / 6 = 0.1447. Hits 3.5, rate 3.5 / 6 = 0.5833333333, mean
			// (0 + 0.49 + 0.5 + 0.59 + 0.6 + 1) / 6 = 3.18 / 6 = 0.53.
			// Buckets: 0–50 {0, 49}: hits 1, mean 0.245; 50–60 {50, 59}: hits 1, mean
			// 0.545; 60–70 {60}: 0.5; 90–100 {100}: 1.
			name: "bucket edges",
			theses: []*journal.Thesis{
				calThesis("p0", 0, nil, journal.VerdictWrong),
				calThesis("p49", 49, nil, journal.VerdictPlayedOut),
				calThesis("p50", 50, nil, journal.VerdictPlayedOut),
				calThesis("p59", 59, nil, journal.VerdictWrong),
				calThesis("p60", 60, nil, journal.VerdictMixed),
				calThesis("p100", 100, nil, journal.VerdictPlayedOut),
			},
			all:   calGroup{6, "3.5", "0.5833333333", "0.53"},
			brier: "0.1447",
			buckets: map[int]calGroup{
				0:  {2, "1", "0.5", "0.245"},
				50: {2, "1", "0.5", "0.545"},
				60: {1, "0.5", "0.5", "0.6"},
				90: {1, "1", "1", "1"},
			},
		},
		{
			// Conviction lowered from 70 to 50 and then 30 before the "wrong" review:
			// the stated 70 counts, (0.7 − 0)² = 0.49.
			name:    "conviction as first written",
			theses:  []*journal.Thesis{revised},
			all:     calGroup{1, "0", "0", "0.7"},
			brier:   "0.49",
			buckets: map[int]calGroup{70: {1, "0", "0", "0.7"}},
		},
		{
			name:   "nothing judged",
			theses: []*journal.Thesis{calThesis("x", 70, []string{"ai"}, journal.VerdictTooEarly), calThesis("y", 20, nil)},
			all:    calGroup{0, "0", "0", "0"},
			brier:  "0",
		},
		{
			name:  "empty",
			all:   calGroup{0, "0", "0", "0"},
			brier: "0",
		},
	}
	lows := []int{0, 50, 60, 70, 80, 90}
	highs := []int{50, 60, 70, 80, 90, 100}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := journal.Calibrate(tc.theses)
			if c.Count != tc.all.count {
				t.Errorf("count = %d, want %d", c.Count, tc.all.count)
			}
			calCheck(t, "hits", c.Hits, tc.all.hits)
			calCheck(t, "hit rate", c.HitRate, tc.all.rate)
			calCheck(t, "mean conviction", c.MeanConviction, tc.all.meanConv)
			calCheck(t, "brier", c.Brier, tc.brier)
			if len(c.Buckets) != len(lows) {
				t.Fatalf("%d buckets, want %d", len(c.Buckets), len(lows))
			}
			for i, b := range c.Buckets {
				if b.Low != lows[i] || b.High != highs[i] {
					t.Errorf("bucket %d is %d-%d, want %d-%d", i, b.Low, b.High, lows[i], highs[i])
				}
				w, ok := tc.buckets[b.Low]
				if !ok {
					w = calGroup{0, "0", "0", "0"}
				}
				if b.Count != w.count {
					t.Errorf("bucket %d-%d count = %d, want %d", b.Low, b.High, b.Count, w.count)
				}
				calCheck(t, "bucket hits", b.Hits, w.hits)
				calCheck(t, "bucket hit rate", b.HitRate, w.rate)
				calCheck(t, "bucket mean conviction", b.MeanConviction, w.meanConv)
			}
			if len(c.Tags) != len(tc.tags) {
				t.Fatalf("tags = %+v, want %q", c.Tags, tc.tags)
			}
			for i, g := range c.Tags {
				w := tc.tagWant[i]
				if g.Tag != tc.tags[i] || g.Count != w.count {
					t.Errorf("tag %d = %q × %d, want %q × %d", i, g.Tag, g.Count, tc.tags[i], w.count)
				}
				calCheck(t, g.Tag+" hits", g.Hits, w.hits)
				calCheck(t, g.Tag+" hit rate", g.HitRate, w.rate)
				calCheck(t, g.Tag+" mean conviction", g.MeanConviction, w.meanConv)
				calCheck(t, g.Tag+" brier", g.Brier, tc.tagBri[i])
			}
		})
	}
}

func TestCalibrateBucketOf(t *testing.T) {
	// The bucket each stated conviction falls in, by lower bound: lower bounds are
	// inclusive and 100 belongs to the last bucket.
	tests := []struct{ conviction, low int }{
		{0, 0}, {49, 0}, {50, 50}, {59, 50}, {60, 60}, {69, 60}, {70, 70}, {79, 70},
		{80, 80}, {89, 80}, {90, 90}, {99, 90}, {100, 90},
	}
	for _, tc := range tests {
		c := journal.Calibrate([]*journal.Thesis{calThesis("b", tc.conviction, nil, journal.VerdictPlayedOut)})
		for _, b := range c.Buckets {
			want := 0
			if b.Low == tc.low {
				want = 1
			}
			if b.Count != want {
				t.Errorf("conviction %d: bucket %d-%d holds %d, want %d", tc.conviction, b.Low, b.High, b.Count, want)
			}
		}
	}
}

func TestCalibrateVerdictScore(t *testing.T) {
	tests := []struct {
		v     journal.Verdict
		score string // "" when the verdict does not count
	}{
		{journal.VerdictPlayedOut, "1"},
		{journal.VerdictWrong, "0"},
		{journal.VerdictMixed, "0.5"},
		{journal.VerdictTooEarly, ""},
		{"maybe", ""},
	}
	for _, tc := range tests {
		s, ok := tc.v.Score()
		if ok != (tc.score != "") || (ok && !s.Equal(decimal.RequireFromString(tc.score))) {
			t.Errorf("%q scores %s, %v; want %q", tc.v, s, ok, tc.score)
		}
	}
}
