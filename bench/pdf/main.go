// Command pdf measures the PDF export of a large journal against what a user would do
// instead, in the same run:
//
//   - Hindsight: 1,000 theses (about 2 KB of mixed Korean and English each, with
//     Markdown, positions, snapshots, reviews and a price chart each) written to one PDF
//     by package pdf, in a child process so its peak memory is its own;
//   - Chromium: headless Chromium printing the same content, laid out as one HTML page
//     with the same chart images and the same embedded font, to PDF.
//
// It prints the wall time of both (for Hindsight the median of -runs exports, with the
// CPU time the export used), their peak memory, the ratio, and the load average, since
// other work on the machine stretches wall times. Run it with `make bench-pdf`.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"hindsight/assets"
	"hindsight/journal"
	"hindsight/journal/chart"
	"hindsight/journal/pdf"

	"github.com/shopspring/decimal"
)

var (
	n        = flag.Int("n", 1000, "theses in the journal")
	dir      = flag.String("dir", "bench/data/pdf", "`dir` for the outputs")
	chromium = flag.String("chromium", "", "Chromium `binary` (default: chromium or chromium-browser on PATH)")
	child    = flag.Bool("child", false, "internal: export the PDF and report as JSON")
	timeout  = flag.Duration("timeout", 15*time.Minute, "give up on Chromium after this long")
	cpuprof  = flag.String("cpuprofile", "", "write a CPU profile of the export to `file`")
	memprof  = flag.String("memprofile", "", "write a heap profile, taken when the last thesis is laid out, to `file`")
	runs     = flag.Int("runs", 3, "export this many times and report the median time")
)

// Targets from the issue.
const (
	targetTime = 15 * time.Second
	targetMem  = 400 << 20
)

// exportReport is what the child process prints.
type exportReport struct {
	Seconds float64 `json:"seconds"`
	CPU     float64 `json:"cpu_seconds"`
	Bytes   int64   `json:"bytes"`
	Theses  int     `json:"theses"`
}

func main() {
	flag.Parse()
	if *child {
		if err := exportChild(); err != nil {
			fail(err)
		}
		return
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fail(err)
	}
	out := filepath.Join(*dir, "journal.pdf")
	fmt.Printf("PDF export of %d theses (≈2 KB mixed Korean/English body, a chart each); load average %s\n\n", *n, loadAvg())
	defer func() { fmt.Printf("  load average at the end: %s\n", loadAvg()) }()

	self, err := os.Executable()
	if err != nil {
		fail(err)
	}
	var (
		walls, cpus []float64
		mem         int64
		rep         exportReport
	)
	for range max(1, *runs) {
		cmd := exec.Command(self, "-child", "-n", strconv.Itoa(*n), "-dir", *dir, "-cpuprofile", *cpuprof)
		cmd.Stderr = os.Stderr
		raw, err := cmd.Output()
		if err != nil {
			fail(fmt.Errorf("export: %w", err))
		}
		if err := json.Unmarshal(raw, &rep); err != nil {
			fail(fmt.Errorf("export report %q: %w", raw, err))
		}
		walls = append(walls, rep.Seconds)
		cpus = append(cpus, rep.CPU)
		mem = max(mem, maxRSS(cmd.ProcessState))
	}
	secs := median(walls)
	pages := pdfPages(out)
	fmt.Printf("  Hindsight (journal/pdf)   %7.2f s   CPU %6.2f s   peak RSS %6.1f MiB   %s pages, %.1f MiB  → %s\n",
		secs, median(cpus), mib(mem), pages, mib(rep.Bytes), out)
	if len(walls) > 1 {
		fmt.Printf("  %28s median of %d runs: %s s\n", "", len(walls), seconds(walls))
	}

	bin := findChromium()
	if bin == "" {
		fmt.Println("\n  Chromium: not installed (make bench-pdf installs it); no baseline this run")
		verdict(secs, mem, 0)
		return
	}
	htmlPath, err := writeHTML()
	if err != nil {
		fail(err)
	}
	cout := filepath.Join(*dir, "chromium.pdf")
	os.Remove(cout)
	profile, err := os.MkdirTemp("", "hindsight-chromium-*")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(profile)
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	abs, _ := filepath.Abs(htmlPath)
	absOut, _ := filepath.Abs(cout)
	c := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--user-data-dir="+profile, "--no-pdf-header-footer", "--print-to-pdf="+absOut, "file://"+abs)
	c.Stdout, c.Stderr = io.Discard, io.Discard
	start := time.Now()
	err = c.Run()
	csecs := time.Since(start).Seconds()
	if err != nil {
		fail(fmt.Errorf("chromium: %w", err))
	}
	st, err := os.Stat(cout)
	if err != nil {
		fail(fmt.Errorf("chromium wrote no PDF: %w", err))
	}
	fmt.Printf("  Chromium --print-to-pdf   %7.2f s                peak RSS %6.1f MiB   %s pages, %.1f MiB  → %s\n",
		csecs, mib(maxRSS(c.ProcessState)), pdfPages(cout), mib(st.Size()), cout)
	fmt.Printf("\n  Chromium takes %.1f× as long as Hindsight (%.2f s / %.2f s)\n", csecs/secs, csecs, secs)
	verdict(secs, mem, csecs)
}

func verdict(secs float64, mem int64, chromiumSecs float64) {
	ok := func(b bool) string {
		if b {
			return "met"
		}
		return "MISSED"
	}
	fmt.Printf("  targets: ≤ %v %s, ≤ %d MiB %s", targetTime, ok(secs <= targetTime.Seconds()), targetMem>>20, ok(mem <= targetMem))
	if chromiumSecs > 0 {
		fmt.Printf(", faster than Chromium %s", ok(secs < chromiumSecs))
	}
	fmt.Println()
}

// exportChild generates the journal and times its export; data generation is not timed.
func exportChild() error {
	theses, s, m, now := generate(*n)
	out := filepath.Join(*dir, "journal.pdf")
	o := pdf.Options{Now: now, Market: m, Settings: s, Title: "Benchmark journal"}
	if *memprof != "" {
		o.Progress = func(done, total int) {
			if done == total {
				if f, err := os.Create(*memprof); err == nil {
					runtime.GC()
					pprof.WriteHeapProfile(f)
					f.Close()
				}
			}
		}
	}
	if *cpuprof != "" {
		f, err := os.Create(*cpuprof)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	cpu0 := selfCPU()
	start := time.Now()
	err := pdf.ExportFile(context.Background(), out, func(w io.Writer) error {
		return pdf.WriteJournal(context.Background(), w, theses, o)
	})
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	cpu := selfCPU() - cpu0
	st, err := os.Stat(out)
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(exportReport{Seconds: secs, CPU: cpu, Bytes: st.Size(), Theses: len(theses)})
}

func maxRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss * 1024 // kilobytes on Linux
	}
	return 0
}

// selfCPU returns the user and system time this process has used, in seconds.
func selfCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func seconds(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprintf("%.2f", x)
	}
	return strings.Join(parts, ", ")
}

// loadAvg returns the 1- and 5-minute load averages and the CPU count.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if err != nil || len(f) < 2 {
		return "unknown"
	}
	return fmt.Sprintf("%s, %s on %d CPUs", f[0], f[1], runtime.NumCPU())
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

func pdfPages(path string) string {
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		return "?"
	}
	if m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out); m != nil {
		return string(m[1])
	}
	return "?"
}

func findChromium() string {
	if *chromium != "" {
		return *chromium
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench/pdf:", err)
	os.Exit(1)
}

// ---- the journal ----

var (
	enWords = strings.Fields(`demand supply capex guidance margin revenue growth valuation multiple inference training
		model datacenter power cooling grid transformer memory foundry export controls tariff inflation rates cut
		yield currency recession consumer cloud software advertising battery copper nuclear shipping bank
		dividend buyback quarter outlook risk reward downside upside catalyst hyperscaler semiconductor
		because therefore however meanwhile expect believe estimate forecast scenario probability`)
	koWords = strings.Fields(`시장 수요 공급 설비투자 가이던스 실적 매출 마진 성장 밸류에이션 추론 학습 모델 데이터센터
		전력 냉각 송전망 변압기 메모리 반도체 파운드리 수출 규제 관세 물가 금리 환율 경기 소비 클라우드 광고 배터리
		구리 원전 해운 은행 배당 자사주 분기 전망 위험 보상 하방 상방 삼성전자 하이닉스 코스피 그러나 따라서 한편
		예상 판단 가능성 투자 심리 외국인 기관`)
	endings = []string{"", "가", "는", "를", "의", "에서", "으로", "도", "이다", "했다"}
)

func words(rng *rand.Rand, lo, hi int) string {
	var b strings.Builder
	for i, k := 0, lo+rng.IntN(hi-lo+1); i < k; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		if rng.IntN(2) == 0 {
			b.WriteString(koWords[rng.IntN(len(koWords))] + endings[rng.IntN(len(endings))])
		} else {
			b.WriteString(enWords[rng.IntN(len(enWords))])
		}
	}
	return b.String()
}

func sentence(rng *rand.Rand) string {
	s := words(rng, 7, 15)
	switch rng.IntN(8) {
	case 0:
		i := strings.IndexByte(s, ' ')
		if i > 0 {
			s = "**" + s[:i] + "**" + s[i:]
		}
	case 1:
		i := strings.LastIndexByte(s, ' ')
		if i > 0 {
			s = s[:i+1] + "*" + s[i+1:] + "*"
		}
	}
	return s + ". "
}

// body returns about 2 KB of Markdown.
func body(rng *rand.Rand) string {
	var b strings.Builder
	b.WriteString("## " + words(rng, 2, 4) + "\n\n")
	for b.Len() < 1900 {
		switch rng.IntN(6) {
		case 0:
			for range 3 {
				b.WriteString("- " + words(rng, 5, 10) + "\n")
			}
			b.WriteString("\n")
		case 1:
			b.WriteString("### " + words(rng, 2, 4) + "\n\n")
		default:
			for range 2 + rng.IntN(3) {
				b.WriteString(sentence(rng))
			}
			b.WriteString("\n\n")
		}
	}
	return strings.TrimSpace(b.String())
}

type instrument struct {
	symbol, currency string
	bars             []journal.Bar
}

func dec(f float64, places int32) decimal.Decimal { return decimal.NewFromFloat(f).Round(places) }

// series is a random walk of weekday closes from start to end.
func series(rng *rand.Rand, start, end time.Time, first float64, places int32) []journal.Bar {
	var bars []journal.Bar
	p := first
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		p *= math.Exp(rng.NormFloat64()*0.02 + 0.0002)
		bars = append(bars, journal.Bar{Time: d, Close: dec(p, places)})
	}
	return bars
}

func closeOn(bars []journal.Bar, t time.Time) decimal.Decimal {
	c := bars[0].Close
	for _, b := range bars {
		if b.Time.After(t) {
			break
		}
		c = b.Close
	}
	return c
}

// generate builds n theses over two years of prices for 60 instruments, a benchmark and
// the won-dollar rate, and the market they are evaluated against.
func generate(n int) ([]*journal.Thesis, journal.Settings, journal.Market, time.Time) {
	rng := rand.New(rand.NewPCG(2025, 11))
	start := time.Date(2024, 1, 1, 6, 30, 0, 0, time.UTC)
	end := time.Date(2025, 12, 31, 6, 30, 0, 0, time.UTC)
	now := time.Date(2026, 1, 2, 9, 0, 0, 0, time.UTC)
	var insts []instrument
	for i := range 60 {
		if i%2 == 0 {
			insts = append(insts, instrument{fmt.Sprintf("US%02d", i), "USD", series(rng, start, end, 20+rng.Float64()*400, 2)})
		} else {
			insts = append(insts, instrument{fmt.Sprintf("%06d.KS", 1000+i*1370), "KRW", series(rng, start, end, 10000+rng.Float64()*300000, 0)})
		}
	}
	kospi := series(rng, start, end, 2600, 2)
	usdkrw := series(rng, start, end, 1300, 1)
	m := journal.Market{Prices: map[string]journal.Price{}, FX: map[string]decimal.Decimal{}, Bars: map[string][]journal.Bar{}, AsOf: now}
	addMarket := func(sym, cur string, bars []journal.Bar) {
		m.Bars[sym] = bars
		last := bars[len(bars)-1]
		m.Prices[sym] = journal.Price{Symbol: sym, Price: journal.Money{Amount: last.Close, Currency: cur}, At: last.Time, Source: journal.SourceYahoo}
	}
	for _, in := range insts {
		addMarket(in.symbol, in.currency, in.bars)
	}
	addMarket("^KS11", "KRW", kospi)
	addMarket("USDKRW=X", "KRW", usdkrw)
	m.FX["USD"] = usdkrw[len(usdkrw)-1].Close
	s := journal.Settings{BaseCurrency: "KRW", TotalLossBudget: journal.MustMoney("50000000", "KRW"), Author: "Benchmark"}

	span := end.Sub(start) - 60*24*time.Hour
	theses := make([]*journal.Thesis, 0, n)
	for i := range n {
		created := start.Add(time.Duration(rng.Int64N(int64(span)))).Truncate(time.Hour)
		in := insts[rng.IntN(len(insts))]
		entry := closeOn(in.bars, created)
		fx := decimal.NewFromInt(1)
		if in.currency == "USD" {
			fx = closeOn(usdkrw, created)
		}
		side := journal.SideLong
		if rng.IntN(5) == 0 {
			side = journal.SideShort
		}
		qty := decimal.NewFromInt(int64(5 + rng.IntN(60)))
		other := insts[rng.IntN(len(insts))]
		t := &journal.Thesis{
			ID:           fmt.Sprintf("bench-%04d", i),
			Title:        words(rng, 5, 10),
			Body:         body(rng),
			Trigger:      words(rng, 6, 12),
			Reasons:      []string{words(rng, 4, 9), words(rng, 4, 9), words(rng, 4, 9)},
			Expectation:  words(rng, 8, 14),
			Invalidation: words(rng, 8, 14),
			Conviction:   40 + rng.IntN(56),
			Tags:         []string{[]string{"ai", "semis", "macro", "korea", "energy"}[rng.IntN(5)]},
			Status:       journal.Statuses[rng.IntN(len(journal.Statuses))],
			CreatedAt:    created,
			ReviewBy:     journal.DateOf(created.AddDate(0, 6, 0)),
			LossBudget:   journal.Money{Amount: decimal.NewFromInt(int64(500_000 + rng.IntN(40)*100_000)), Currency: "KRW"},
			Positions: []journal.Position{journal.LegacyPosition{Symbol: in.symbol, Side: side, Quantity: qty,
				EntryPrice: journal.Money{Amount: entry, Currency: in.currency}, EnteredAt: created, FXToBase: fx}.Position(fmt.Sprint(i), 0, "KRW")},
			Snapshots: []journal.Snapshot{
				{Symbol: in.symbol, Price: journal.Money{Amount: entry, Currency: in.currency}, At: created, Source: journal.SourceYahoo},
				{Symbol: other.symbol, Price: journal.Money{Amount: closeOn(other.bars, created), Currency: other.currency}, At: created, Source: journal.SourceYahoo},
				{Symbol: "^KS11", Price: journal.Money{Amount: closeOn(kospi, created), Currency: "KRW"}, At: created, Source: journal.SourceYahoo},
			},
		}
		for r, at := 0, created; r < rng.IntN(3); r++ {
			at = at.Add(time.Duration(20+rng.IntN(120)) * 24 * time.Hour)
			if at.After(end) {
				break
			}
			v := []journal.Verdict{journal.VerdictTooEarly, journal.VerdictPlayedOut, journal.VerdictWrong, journal.VerdictMixed}[rng.IntN(4)]
			t.Reviews = append(t.Reviews, journal.Review{At: at, Verdict: v, Note: words(rng, 10, 25) + ".",
				Checks: []journal.ReasonCheck{{Reason: 0, Held: rng.IntN(3) > 0}, {Reason: 1, Held: rng.IntN(3) > 0}},
				Prices: []journal.Snapshot{{Symbol: in.symbol, Price: journal.Money{Amount: closeOn(in.bars, at), Currency: in.currency}, At: at, Source: journal.SourceYahoo}}})
		}
		theses = append(theses, t)
	}
	return theses, s, m, now
}

// ---- the same content as one HTML page ----

var (
	boldRE   = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	italicRE = regexp.MustCompile(`\*([^*]+)\*`)
)

func inlineHTML(s string) string {
	s = html.EscapeString(s)
	s = boldRE.ReplaceAllString(s, "<b>$1</b>")
	return italicRE.ReplaceAllString(s, "<i>$1</i>")
}

func markdownHTML(src string) string {
	var b strings.Builder
	for _, block := range strings.Split(src, "\n\n") {
		lines := strings.Split(strings.TrimSpace(block), "\n")
		switch {
		case strings.HasPrefix(lines[0], "### "):
			b.WriteString("<h4>" + inlineHTML(lines[0][4:]) + "</h4>\n")
		case strings.HasPrefix(lines[0], "## "):
			b.WriteString("<h3>" + inlineHTML(lines[0][3:]) + "</h3>\n")
		case strings.HasPrefix(lines[0], "- "):
			b.WriteString("<ul>")
			for _, l := range lines {
				b.WriteString("<li>" + inlineHTML(strings.TrimPrefix(l, "- ")) + "</li>")
			}
			b.WriteString("</ul>\n")
		default:
			b.WriteString("<p>" + inlineHTML(strings.Join(lines, "\n")) + "</p>\n")
		}
	}
	return b.String()
}

const css = `@font-face { font-family: Nanum; src: url(NanumGothic-Regular.ttf); }
@font-face { font-family: Nanum; font-weight: bold; src: url(NanumGothic-Bold.ttf); }
@page { size: A4; margin: 18mm; }
body { font-family: Nanum, sans-serif; font-size: 10pt; color: #2b2d31; }
section { break-before: page; }
h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 11.5pt; border-bottom: 1px solid #d5d8dd; }
.meta { color: #6b7078; font-size: 9pt; }
dl { display: grid; grid-template-columns: 30mm 1fr; } dt { color: #6b7078; font-weight: bold; font-size: 8.5pt; }
table { width: 100%; border-collapse: collapse; font-size: 8pt; } th { background: #e8ecf2; text-align: left; }
td, th { padding: 1.3mm; } tr:nth-child(even) td { background: #f8f9fb; } thead { display: table-header-group; }
tr { break-inside: avoid; } .num { text-align: right; }
.budget { background: #f3f5f8; padding: 3mm; break-inside: avoid; }
img { width: 100%; break-inside: avoid; }`

// writeHTML writes the journal as one HTML page with its charts and font beside it.
func writeHTML() (string, error) {
	theses, s, m, now := generate(*n)
	hdir := filepath.Join(*dir, "html")
	if err := os.MkdirAll(filepath.Join(hdir, "charts"), 0o755); err != nil {
		return "", err
	}
	for name, data := range map[string][]byte{"NanumGothic-Regular.ttf": assets.FontRegular, "NanumGothic-Bold.ttf": assets.FontBold} {
		if err := os.WriteFile(filepath.Join(hdir, name), data, 0o644); err != nil {
			return "", err
		}
	}
	var b strings.Builder
	b.WriteString("<!doctype html><html lang=ko><meta charset=utf-8><title>Benchmark journal</title><style>" + css + "</style><body>\n")
	sum := journal.Summarize(theses, s, m, now)
	fmt.Fprintf(&b, "<h1>Benchmark journal</h1><p class=meta>%d theses</p><ol>", len(theses))
	for _, t := range theses {
		b.WriteString("<li>" + html.EscapeString(t.Title) + "</li>")
	}
	b.WriteString("</ol>\n")
	for i, t := range theses {
		o := sum.Outcomes[i]
		fmt.Fprintf(&b, "<section><h1>%s</h1><p class=meta>%s · written %s · review by %s</p>\n",
			html.EscapeString(t.Title), t.Status, t.CreatedAt.Format("2006-01-02 15:04"), t.ReviewBy)
		b.WriteString("<h2>Claim</h2><dl><dt>Trigger</dt><dd>" + html.EscapeString(t.Trigger) + "</dd>")
		for j, r := range t.Reasons {
			fmt.Fprintf(&b, "<dt>%s</dt><dd>%c %s</dd>", map[bool]string{true: "Reasons"}[j == 0], rune(0x2460+j), html.EscapeString(r))
		}
		fmt.Fprintf(&b, "<dt>Expectation</dt><dd>%s</dd><dt>Invalidation</dt><dd>%s</dd><dt>Conviction</dt><dd>%d%%</dd></dl>\n",
			html.EscapeString(t.Expectation), html.EscapeString(t.Invalidation), t.Conviction)
		b.WriteString("<h2>Write-up</h2>" + markdownHTML(t.Body))
		b.WriteString("<h2>Outcome</h2><table><thead><tr><th>Symbol<th>Price<th>Currency<th>Time<th>Source</thead>")
		for _, sn := range t.Snapshots {
			fmt.Fprintf(&b, "<tr><td>%s<td class=num>%s<td>%s<td>%s<td>%s", sn.Symbol, sn.Price.Amount, sn.Price.Currency, sn.At.Format("2006-01-02 15:04"), sn.Source)
		}
		b.WriteString("</table><table><thead><tr><th>Symbol<th>Side<th>Qty<th>Entry<th>Now<th>P&amp;L<th>Return</thead>")
		for _, p := range o.Positions {
			pnl, ret := "n/a", "n/a"
			if p.PnLBase != nil {
				pnl = p.PnLBase.Format()
			}
			if p.Return != nil {
				ret = p.Return.Mul(decimal.NewFromInt(100)).StringFixed(1) + "%"
			}
			fmt.Fprintf(&b, "<tr><td>%s<td>%s<td class=num>%s<td class=num>%s<td class=num>%s<td class=num>%s<td class=num>%s",
				p.Symbol, p.Side, p.Holding, p.AverageCost.Format(), p.Price.Format(), pnl, ret)
		}
		b.WriteString("</table>")
		used := "n/a"
		if o.LossUsed != nil {
			used = o.LossUsed.Mul(decimal.NewFromInt(100)).StringFixed(1) + "%"
		}
		fmt.Fprintf(&b, "<div class=budget>Budget %s · used now %s</div>", t.LossBudget.Format(), used)
		if spec, ok := chart.SpecFor(t, s, m, now); ok {
			png, err := chart.PNG(spec, 1044, 408, false)
			if err != nil {
				return "", err
			}
			name := fmt.Sprintf("charts/%04d.png", i)
			if err := os.WriteFile(filepath.Join(hdir, name), png, 0o644); err != nil {
				return "", err
			}
			b.WriteString("<h2>Price since the thesis</h2><img src=\"" + name + "\">")
		}
		b.WriteString("<h2>Reviews</h2>")
		for _, r := range t.Reviews {
			fmt.Fprintf(&b, "<p><b>%s %s</b><br>%s</p>", r.At.Format("2006-01-02"), r.Verdict, html.EscapeString(r.Note))
		}
		b.WriteString("</section>\n")
	}
	b.WriteString("</body></html>\n")
	path := filepath.Join(hdir, "journal.html")
	return path, os.WriteFile(path, []byte(b.String()), 0o644)
}
