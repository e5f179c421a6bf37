package chart_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
	"time"

	"hindsight/journal"
	"hindsight/journal/chart"

	"github.com/shopspring/decimal"
)

var (
	created = time.Date(2025, 3, 3, 1, 0, 0, 0, time.UTC)
	now     = time.Date(2025, 9, 1, 9, 0, 0, 0, time.UTC)
	krw     = journal.Settings{BaseCurrency: "KRW"}
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// bars returns one bar a week from from, n bars, closes rising by step from first.
func bars(from time.Time, n int, first, step int64) []journal.Bar {
	out := make([]journal.Bar, n)
	for i := range out {
		out[i] = journal.Bar{Time: from.AddDate(0, 0, 7*i), Close: decimal.NewFromInt(first + step*int64(i))}
	}
	return out
}

func pos(sym string, side journal.Side, qty, price, cur, fx string) journal.Position {
	action := journal.ActionBuy
	if side == journal.SideShort {
		action = journal.ActionSell
	}
	return journal.Position{Symbol: sym, Side: side, Fills: []journal.Fill{{ID: "f1", At: created.Add(time.Hour),
		Action: action, Quantity: dec(qty), Price: journal.MustMoney(price, cur), FXToBase: dec(fx), Source: journal.FillManual}}}
}

func snap(sym, price, cur string, at time.Time) journal.Snapshot {
	return journal.Snapshot{Symbol: sym, Price: journal.MustMoney(price, cur), At: at, Source: journal.SourceYahoo}
}

func TestSpecFor(t *testing.T) {
	m := journal.Market{
		FX: map[string]decimal.Decimal{"USD": dec("1400")},
		Bars: map[string][]journal.Bar{
			// Weekly bars from eight weeks before the thesis to well after now.
			"NVDA":      bars(created.AddDate(0, 0, -56), 40, 100, 1),
			"005930.KS": bars(created, 10, 50000, 100),
		},
	}
	watch := pos("VRT", journal.SideWatch, "1", "100", "USD", "1400")
	tests := []struct {
		name       string
		thesis     *journal.Thesis
		ok         bool
		symbol     string
		currency   string
		snapshots  int
		entry      string // "" wants no entry line
		wantBudget bool
	}{
		{"first long position", &journal.Thesis{CreatedAt: created, LossBudget: journal.MustMoney("420000", "KRW"),
			Positions: []journal.Position{watch, pos("NVDA", journal.SideLong, "10", "130", "USD", "1400")},
			Snapshots: []journal.Snapshot{snap("NVDA", "130", "USD", created), snap("005930.KS", "50000", "KRW", created)}},
			true, "NVDA", "USD", 1, "130", true},
		{"short without a budget", &journal.Thesis{CreatedAt: created,
			Positions: []journal.Position{pos("005930.KS", journal.SideShort, "10", "50000", "KRW", "1")}},
			true, "005930.KS", "KRW", 0, "50000", false},
		{"snapshot only", &journal.Thesis{CreatedAt: created, Positions: []journal.Position{watch},
			Snapshots: []journal.Snapshot{snap("005930.KS", "50000", "KRW", created)}},
			true, "005930.KS", "KRW", 1, "", false},
		{"snapshot of a symbol without bars", &journal.Thesis{CreatedAt: created,
			Snapshots: []journal.Snapshot{snap("XYZ", "5", "USD", created)}},
			true, "XYZ", "USD", 1, "", false},
		{"position without any price", &journal.Thesis{CreatedAt: created,
			Positions: []journal.Position{pos("ABC", journal.SideLong, "1", "5", "USD", "1400")}},
			false, "ABC", "USD", 0, "5", false},
		{"nothing to chart", &journal.Thesis{CreatedAt: created, Positions: []journal.Position{watch}}, false, "", "", 0, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sp, ok := chart.SpecFor(tc.thesis, krw, m, now)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if sp.Symbol != tc.symbol || sp.Currency != tc.currency {
				t.Errorf("symbol %q %q, want %q %q", sp.Symbol, sp.Currency, tc.symbol, tc.currency)
			}
			if len(sp.Snapshots) != tc.snapshots {
				t.Errorf("%d snapshots, want %d", len(sp.Snapshots), tc.snapshots)
			}
			switch {
			case tc.entry == "" && sp.Entry != nil:
				t.Errorf("entry line at %s, want none", sp.Entry)
			case tc.entry != "" && (sp.Entry == nil || !sp.Entry.Amount.Equal(dec(tc.entry))):
				t.Errorf("entry %v, want %s", sp.Entry, tc.entry)
			}
			_, want, wantOK := journal.BudgetPrice(tc.thesis, krw, m)
			if wantOK != tc.wantBudget {
				t.Fatalf("journal.BudgetPrice ok = %v, the case expects %v", wantOK, tc.wantBudget)
			}
			switch {
			case !wantOK && sp.BudgetPrice != nil:
				t.Errorf("budget line at %s, want none", sp.BudgetPrice)
			case wantOK && (sp.BudgetPrice == nil || !sp.BudgetPrice.Amount.Equal(want.Amount) || sp.BudgetPrice.Currency != want.Currency):
				t.Errorf("budget line %v, want %s", sp.BudgetPrice, want)
			}
			if !ok {
				return
			}
			// The series starts with the last bar at or before the thesis and ends by now.
			for i, b := range sp.Bars {
				if b.Time.After(now) {
					t.Errorf("bar %d at %s is after now", i, b.Time)
				}
				if i > 0 && b.Time.Before(created) && sp.Bars[i-1].Time.Before(created) {
					t.Errorf("bars %d and %d both before the thesis", i-1, i)
				}
			}
			if all := m.Bars[tc.symbol]; len(all) > 0 {
				if len(sp.Bars) == 0 || sp.Bars[0].Time.After(created) {
					t.Errorf("series starts at %v, want at or before %s", sp.Bars, created)
				}
			}
			if !sp.From.Equal(created) || !sp.To.Equal(now) {
				t.Errorf("range %s – %s, want %s – %s", sp.From, sp.To, created, now)
			}
		})
	}
	if _, ok := chart.SpecFor(nil, krw, m, now); ok {
		t.Error("nil thesis has a chart")
	}
}

func spec() chart.Spec {
	entry := journal.MustMoney("130", "USD")
	budget := journal.MustMoney("100", "USD")
	return chart.Spec{
		Symbol: "NVDA", Currency: "USD", Title: "NVDA · USD",
		Bars:      bars(created, 26, 120, 2),
		Snapshots: []journal.Snapshot{snap("NVDA", "130", "USD", created.AddDate(0, 0, 14))},
		Entry:     &entry, BudgetPrice: &budget, From: created, To: now,
	}
}

// count returns how many pixels of img are exactly c.
func count(img image.Image, c color.RGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)) == c {
				n++
			}
		}
	}
	return n
}

var (
	white       = color.RGBA{0xff, 0xff, 0xff, 0xff}
	darkBG      = color.RGBA{0x1e, 0x1f, 0x22, 0xff}
	budgetLight = color.RGBA{0xd6, 0x28, 0x28, 0xff}
	priceLight  = color.RGBA{0x1f, 0x6f, 0xd1, 0xff}
)

func TestRender(t *testing.T) {
	sizes := [][2]int{{1044, 408}, {400, 200}, {chart.MinSize, chart.MinSize}}
	for _, sz := range sizes {
		img, err := chart.Render(spec(), sz[0], sz[1], false)
		if err != nil {
			t.Fatalf("%v: %v", sz, err)
		}
		if b := img.Bounds(); b.Dx() != sz[0] || b.Dy() != sz[1] {
			t.Errorf("size %v, want %v", b.Size(), sz)
		}
	}

	light, err := chart.Render(spec(), 800, 320, false)
	if err != nil {
		t.Fatal(err)
	}
	dark, err := chart.Render(spec(), 800, 320, true)
	if err != nil {
		t.Fatal(err)
	}
	if c := color.RGBAModel.Convert(light.At(0, 0)); c != white {
		t.Errorf("light corner %v, want white", c)
	}
	if c := color.RGBAModel.Convert(dark.At(0, 0)); c != darkBG {
		t.Errorf("dark corner %v, want %v", c, darkBG)
	}
	if count(light, budgetLight) < 100 {
		t.Error("the loss budget line is not drawn")
	}
	if count(light, priceLight) < 100 {
		t.Error("the price line is not drawn")
	}
	sp := spec()
	sp.BudgetPrice = nil
	noBudget, err := chart.Render(sp, 800, 320, false)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(noBudget, budgetLight); n != 0 {
		t.Errorf("%d pixels of the budget colour without a budget line", n)
	}
}

// TestRenderHangul checks that Korean labels are drawn with real glyphs: two titles that
// differ only in one Hangul syllable give different images, which a font without
// Hangul (drawing the same missing-glyph box for both) would not.
func TestRenderHangul(t *testing.T) {
	draw := func(title string) image.Image {
		sp := spec()
		sp.Title = title
		sp.Labels = chart.Labels{Price: "가격", Snapshot: "스냅샷", Entry: "진입가", Budget: "손실 예산 소진"}
		img, err := chart.Render(sp, 600, 240, false)
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	a, b := draw("삼성전자 가"), draw("삼성전자 나")
	same := true
	for y := 0; y < 40 && same; y++ {
		for x := 0; x < 300; x++ {
			if a.At(x, y) != b.At(x, y) {
				same = false
				break
			}
		}
	}
	if same {
		t.Error("titles 가 and 나 draw the same pixels: Hangul glyphs are missing")
	}
}

func TestRenderErrors(t *testing.T) {
	empty := chart.Spec{Symbol: "X"}
	cases := []struct {
		name string
		spec chart.Spec
		w, h int
	}{
		{"no prices", empty, 400, 200},
		{"too small", spec(), chart.MinSize - 1, 200},
		{"too large", spec(), 400, chart.MaxSize + 1},
	}
	for _, c := range cases {
		if _, err := chart.Render(c.spec, c.w, c.h, false); err == nil {
			t.Errorf("%s: no error", c.name)
		}
		if _, err := chart.PNG(c.spec, c.w, c.h, false); err == nil {
			t.Errorf("%s: PNG: no error", c.name)
		}
	}
}

// TestPNG checks the encoded image against the rendered one: the same size and nearly
// the same pixels. The palette tells colours apart at 5 bits a channel, so a pixel may
// be off by up to 7 in a channel; a rare anti-aliasing blend left out of the palette
// takes the nearest palette colour.
func TestPNG(t *testing.T) {
	for _, dark := range []bool{false, true} {
		data, err := chart.PNG(spec(), 870, 340, dark)
		if err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		want, err := chart.Render(spec(), 870, 340, dark)
		if err != nil {
			t.Fatal(err)
		}
		if got.Bounds() != want.Bounds() {
			t.Fatalf("bounds %v, want %v", got.Bounds(), want.Bounds())
		}
		near, far := 0, 0
		b := want.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				g := color.RGBAModel.Convert(got.At(x, y)).(color.RGBA)
				w := color.RGBAModel.Convert(want.At(x, y)).(color.RGBA)
				d := max(absDiff(g.R, w.R), absDiff(g.G, w.G), absDiff(g.B, w.B))
				if d < 8 {
					near++
				}
				if d > 64 {
					far++
				}
			}
		}
		total := b.Dx() * b.Dy()
		if near < total*995/1000 {
			t.Errorf("dark=%v: %d of %d pixels within 7 of the render, want ≥ 99.5%%", dark, near, total)
		}
		if far > total/5000 {
			t.Errorf("dark=%v: %d pixels off by more than 64", dark, far)
		}
		if len(data) > 60_000 {
			t.Errorf("dark=%v: %d bytes, want a compact PNG", dark, len(data))
		}
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// TestSpecForSymbol draws any position of a thesis, not only the first: each symbol with
// its own entry, budget price, snapshots and bars.
func TestSpecForSymbol(t *testing.T) {
	m := journal.Market{
		FX: map[string]decimal.Decimal{"USD": dec("1400")},
		Bars: map[string][]journal.Bar{
			"NVDA": bars(created, 10, 100, 1), "005930.KS": bars(created, 10, 50000, 100), "VRT": bars(created, 10, 90, 1),
		},
	}
	th := &journal.Thesis{CreatedAt: created, LossBudget: journal.MustMoney("420000", "KRW"),
		Positions: []journal.Position{pos("VRT", journal.SideWatch, "1", "100", "USD", "1400"),
			pos("NVDA", journal.SideLong, "10", "130", "USD", "1400"), pos("005930.KS", journal.SideShort, "10", "50000", "KRW", "1")},
		Snapshots: []journal.Snapshot{snap("NVDA", "130", "USD", created), snap("005930.KS", "50000", "KRW", created)}}
	if got := chart.ChartSymbols(th); len(got) != 3 || got[0] != "NVDA" || got[1] != "VRT" || got[2] != "005930.KS" {
		t.Errorf("chart symbols %v, want the main position's first: NVDA VRT 005930.KS", got)
	}
	tests := []struct {
		sym, want     string
		entry, budget string // "" wants no line
		snapshots     int
	}{
		// Main: 420,000 / 10 / 1400 = 30 under the entry.
		{"", "NVDA", "130", "100", 1},
		{"NVDA", "NVDA", "130", "100", 1},
		// The short: 420,000 / 10 above the entry.
		{"005930.KS", "005930.KS", "50000", "92000", 1},
		{"VRT", "VRT", "", "", 0},
		{"NOPE", "NVDA", "130", "100", 1},
	}
	for _, tc := range tests {
		sp, ok := chart.SpecForSymbol(th, krw, m, now, tc.sym)
		if !ok || sp.Symbol != tc.want || len(sp.Bars) == 0 || len(sp.Snapshots) != tc.snapshots {
			t.Errorf("%q: ok %v, symbol %q, %d bars, %d snapshots; want %q with bars and %d snapshots",
				tc.sym, ok, sp.Symbol, len(sp.Bars), len(sp.Snapshots), tc.want, tc.snapshots)
			continue
		}
		for _, l := range []struct {
			name string
			got  *journal.Money
			want string
		}{{"entry", sp.Entry, tc.entry}, {"budget", sp.BudgetPrice, tc.budget}} {
			if (l.want == "") != (l.got == nil) || (l.got != nil && !l.got.Amount.Equal(dec(l.want))) {
				t.Errorf("%q: %s line %v, want %q", tc.sym, l.name, l.got, l.want)
			}
		}
	}
}

// TestFillMarks marks every fill of the position at its date and price, the prices of
// fills before a split divided by its ratio, and draws ▲ for a buy and ▼ for a sell in
// the colours of gains and losses of the chart's language.
func TestFillMarks(t *testing.T) {
	split := journal.CorporateAction{Symbol: "NVDA", Kind: journal.ActionSplit, Ratio: "10:1",
		At: time.Date(2025, 6, 10, 0, 0, 0, 0, time.UTC), Source: "manual"}
	fill := func(id string, at time.Time, a journal.Action, qty, price string) journal.Fill {
		return journal.Fill{ID: id, At: at, Action: a, Quantity: dec(qty), Price: journal.MustMoney(price, "USD"),
			FXToBase: dec("1400"), Source: journal.FillManual}
	}
	buyAt, sellAt := created.AddDate(0, 0, 21), created.AddDate(0, 0, 140)
	th := &journal.Thesis{CreatedAt: created, Positions: []journal.Position{{Symbol: "NVDA", Side: journal.SideLong,
		Fills: []journal.Fill{
			// Bought before the 10:1 split at 1,100: 110 in today's shares.
			fill("a", buyAt, journal.ActionBuy, "2", "1100"),
			// Sold after it at 150.
			fill("b", sellAt, journal.ActionSell, "10", "150"),
		}}}}
	m := journal.Market{
		FX:     map[string]decimal.Decimal{"USD": dec("1400")},
		Bars:   map[string][]journal.Bar{"NVDA": bars(created, 26, 100, 2)},
		Splits: map[string][]journal.CorporateAction{"NVDA": {split}},
	}
	sp, ok := chart.SpecFor(th, krw, m, now)
	if !ok || len(sp.Fills) != 2 {
		t.Fatalf("ok %v, fills %v; want two marks", ok, sp.Fills)
	}
	want := []chart.Mark{{At: buyAt, Price: dec("110")}, {At: sellAt, Price: dec("150"), Sell: true}}
	for i, w := range want {
		if g := sp.Fills[i]; !g.At.Equal(w.At) || !g.Price.Equal(w.Price) || g.Sell != w.Sell {
			t.Errorf("mark %d = %+v, want %+v", i, g, w)
		}
	}
	// 20 shares held after the split cost 2 × 1,100 = 2,200; 10 sold leaves cost 1,100
	// for 10 shares: an average cost of 110.
	if sp.Entry == nil || !sp.Entry.Amount.Equal(dec("110")) {
		t.Errorf("average cost line %v, want 110", sp.Entry)
	}

	// The markers are drawn where the fills are: the buy left of and below the sell.
	for _, tc := range []struct {
		lang      string
		buy, sell color.RGBA
	}{
		{"en", color.RGBA{0x1b, 0x8a, 0x3e, 0xff}, color.RGBA{0xc6, 0x1f, 0x3b, 0xff}},
		{"ko", color.RGBA{0xe0, 0x1e, 0x3c, 0xff}, color.RGBA{0x0b, 0x3d, 0x9e, 0xff}},
	} {
		sp.Lang = tc.lang
		sp.BudgetPrice, sp.Snapshots = nil, nil
		img, err := chart.Render(sp, 1000, 400, false)
		if err != nil {
			t.Fatal(err)
		}
		// Skip the header row, which holds the legend's samples.
		plotArea := img.(*image.RGBA).SubImage(image.Rect(0, 40, 1000, 400))
		bx, by, bn := centroid(plotArea, tc.buy)
		sx, sy, sn := centroid(plotArea, tc.sell)
		if bn < 10 || sn < 10 {
			t.Fatalf("%s: %d buy and %d sell marker pixels, want both drawn", tc.lang, bn, sn)
		}
		if bx >= sx || by <= sy {
			t.Errorf("%s: buy marker at (%.0f, %.0f), sell at (%.0f, %.0f); want the buy left of and below the sell",
				tc.lang, bx, by, sx, sy)
		}
		// The buy's date is 21 of the 182 days shown from the left edge; the sell's 140.
		if bx > 0.3*1000 || sx < 0.6*1000 {
			t.Errorf("%s: markers at x %.0f and %.0f, want near 12%% and 77%% of the width", tc.lang, bx, sx)
		}
	}
}

// centroid returns the mean position of img's pixels of colour c, and their number.
func centroid(img image.Image, c color.RGBA) (x, y float64, n int) {
	b := img.Bounds()
	for py := b.Min.Y; py < b.Max.Y; py++ {
		for px := b.Min.X; px < b.Max.X; px++ {
			if color.RGBAModel.Convert(img.At(px, py)) == c {
				x, y, n = x+float64(px), y+float64(py), n+1
			}
		}
	}
	if n > 0 {
		x, y = x/float64(n), y/float64(n)
	}
	return x, y, n
}
