package csvmap_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/korean"

	"hindsight/journal"
	"hindsight/journal/trades"
	"hindsight/journal/trades/csvmap"
	"hindsight/journal/trades/tradestest"
)

var writeEncoded = flag.Bool("write-encoded", false, "rewrite testdata/kr-broker.cp949.csv and .bom.csv from testdata/kr-broker.csv")

// TestEncodedFiles checks that the committed CP949 and BOM files are kr-broker.csv
// encoded (golang.org/x/text's EUC-KR encoder writes CP949), so the other tests read
// real CP949 bytes.
func TestEncodedFiles(t *testing.T) {
	src, err := os.ReadFile("testdata/kr-broker.csv")
	if err != nil {
		t.Fatal(err)
	}
	cp949, err := korean.EUCKR.NewEncoder().Bytes(src)
	if err != nil {
		t.Fatal(err)
	}
	bom := append([]byte("\ufeff"), src...)
	for path, want := range map[string][]byte{"testdata/kr-broker.cp949.csv": cp949, "testdata/kr-broker.bom.csv": bom} {
		if *writeEncoded {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not kr-broker.csv encoded; run the test with -write-encoded", path)
		}
	}
	// 삼성전자 in CP949 is BB EF BC BA C0 FC C0 DA.
	if !bytes.Contains(cp949, []byte("\xbb\xef\xbc\xba\xc0\xfc\xc0\xda")) {
		t.Errorf("the CP949 file does not hold 삼성전자 in CP949")
	}
}

// TestKoreanBroker reads a Korean broker's file in UTF-8, UTF-8 with a byte order mark
// and CP949; all three give the trades of testdata/kr-broker.golden.json:
//
//	line 2: buy 2024-06-10 → 2024-06-10T00:00:00Z (a date alone is midnight UTC);
//	        '005930 → code 005930, no symbol, candidates 005930.KS and 005930.KQ;
//	        1,000 shares at 78,500 KRW, fees 1200 KRW, taxes 0 → the zero Money
//	line 3: 현금매수 holds 매수 → buy; A000660 → 000660; 10 at 215,000, fees 320
//	line 4: sell 400 at 80,100, fees 480, taxes 5,767 KRW
//	line 5: the same row again: a second trade, its ref the first one's with #2
//	line 6: 배당 → dividend of 005930.KS (a symbol already): no amount column, so
//	        361 KRW × 600 shares = 216,600 KRW; taxes 33,356 KRW
func TestKoreanBroker(t *testing.T) {
	want := map[trades.Encoding]string{
		trades.UTF8: "testdata/kr-broker.csv", trades.CP949: "testdata/kr-broker.cp949.csv", trades.UTF8BOM: "testdata/kr-broker.bom.csv",
	}
	for enc, path := range want {
		f, gotEnc, err := trades.ReadFile(context.Background(), path, nil, []trades.Format{csvmap.Auto()}, func(journal.Trade) error { return nil })
		if err != nil || gotEnc != enc || f.Name() != "csv" {
			t.Errorf("ReadFile(%s) = %v, %s, %v; want csv, %s", path, f, gotEnc, err, enc)
		}
		got := tradestest.Golden(t, csvmap.Auto(), path, "testdata/kr-broker.golden.json")
		if len(got) != 5 {
			t.Fatalf("%s: %d trades, want 5", path, len(got))
		}
		if got[0].Name != "삼성전자" || got[1].Name != "SK하이닉스" {
			t.Errorf("%s: names %q, %q; Hangul not intact", path, got[0].Name, got[1].Name)
		}
		if got[3].Ref != got[2].Ref+"#2" {
			t.Errorf("%s: refs of identical rows %q, %q; want the second to be the first with #2", path, got[2].Ref, got[3].Ref)
		}
	}
}

// TestEnglishSemicolon reads testdata/en-semicolon.csv (';'-separated, English names):
//
//	line 2: BUY → buy NVDA 2024-06-10 09:30:00 (no zone: UTC) → 09:30:00Z;
//	        10 at 1,210.50 USD, commission 1.00 USD; note "first lot"
//	line 3: Sell → sell 4 NVDA at 1250 USD, fees 1 USD, at 15:59:00Z
//	line 4: B → buy 1000 VOD.L at 68.5 GBp = 0.685 GBP; no commission
func TestEnglishSemicolon(t *testing.T) {
	tradestest.Golden(t, csvmap.Auto(), "testdata/en-semicolon.csv", "testdata/en-semicolon.golden.json")
}

func TestGuess(t *testing.T) {
	tests := []struct {
		header  []string
		want    csvmap.Columns
		missing []string
		korean  bool
	}{
		{
			header: []string{"일자", "종목코드", "종목명", "매수/매도", "수량", "단가", "수수료", "세금"},
			want:   csvmap.Columns{Date: "일자", Symbol: "종목코드", Name: "종목명", Action: "매수/매도", Quantity: "수량", Price: "단가", Fees: "수수료", Taxes: "세금"},
			korean: true,
		},
		{
			header: []string{"체결일자", "코드", "매매구분", "체결수량", "체결단가", "제세금", "통화", "메모"},
			want:   csvmap.Columns{Date: "체결일자", Symbol: "코드", Action: "매매구분", Quantity: "체결수량", Price: "체결단가", Taxes: "제세금", Currency: "통화", Note: "메모"},
			korean: true,
		},
		{
			header: []string{" Date ", "Symbol", "Name", "Action", "Quantity", "Price", "Fee", "Currency"},
			want:   csvmap.Columns{Date: "Date", Symbol: "Symbol", Name: "Name", Action: "Action", Quantity: "Quantity", Price: "Price", Fees: "Fee", Currency: "Currency"},
		},
		{
			header:  []string{"Date", "Ticker", "Shares"},
			want:    csvmap.Columns{Date: "Date", Symbol: "Ticker", Quantity: "Shares"},
			missing: []string{"action", "price"},
		},
	}
	for _, tc := range tests {
		m, missing := csvmap.Guess(tc.header)
		if m.Columns != tc.want || !reflect.DeepEqual(missing, tc.missing) {
			t.Errorf("Guess(%q) = %+v, %v; want %+v, %v", tc.header, m.Columns, missing, tc.want, tc.missing)
		}
		if (m.Currency == "KRW" && m.Timezone == "Asia/Seoul") != tc.korean {
			t.Errorf("Guess(%q): currency %q, zone %q", tc.header, m.Currency, m.Timezone)
		}
	}
}

// TestMapping reads with a saved mapping: its JSON form round-trips, and its words and
// default currency are used.
func TestMapping(t *testing.T) {
	const saved = `{"name":"my broker","columns":{"date":"When","symbol":"What","action":"Way","quantity":"Qty","price":"At"},
		"currency":"USD","delimiter":"\t","timezone":"America/New_York","buy_words":["in"],"sell_words":["out"]}`
	var m csvmap.Mapping
	if err := json.Unmarshal([]byte(saved), &m); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(m)
	var again csvmap.Mapping
	if err := json.Unmarshal(b, &again); err != nil || !reflect.DeepEqual(again, m) {
		t.Errorf("mapping does not round-trip: %s", b)
	}
	in := "When\tWhat\tWay\tQty\tAt\n2024-06-10 09:30\tNVDA\tout\t3\t120\n"
	var got []journal.Trade
	err := csvmap.New(m).Read(context.Background(), strings.NewReader(in), func(tr journal.Trade) error {
		got = append(got, tr)
		return nil
	})
	// 09:30 in New York in June (UTC-4) is 13:30 UTC; "out" is a sell; 120 USD.
	if err != nil || len(got) != 1 || got[0].Kind != journal.TradeSell || got[0].At != time.Date(2024, 6, 10, 13, 30, 0, 0, time.UTC) ||
		!got[0].Price.Amount.Equal(journal.MustMoney("120", "USD").Amount) || got[0].Price.Currency != "USD" {
		t.Errorf("Read = %+v, %v", got, err)
	}
	if !csvmap.New(m).Sniff([]byte("When\tWhat\tWay\tQty\tAt\n")) || csvmap.New(m).Sniff([]byte("When\tWhat\tWay\tQty\n")) {
		t.Errorf("Sniff does not follow the mapping's columns")
	}
}

func TestBadRows(t *testing.T) {
	const header = "일자,종목코드,종목명,매수/매도,수량,단가,수수료,세금\n"
	const good = "2024.06.10,005930,삼성전자,매수,1,78500,0,0\n"
	tests := []struct {
		name, row, want string
	}{
		{"date", "2024.13.10,005930,삼성전자,매수,1,78500,0,0\n", `line 3, column "일자"`},
		{"action", "2024.06.10,005930,삼성전자,보유,1,78500,0,0\n", `line 3, column "매수/매도"`},
		{"quantity", "2024.06.10,005930,삼성전자,매수,1.2.3,78500,0,0\n", `line 3, column "수량"`},
		{"zero quantity", "2024.06.10,005930,삼성전자,매수,0,78500,0,0\n", `line 3, column "수량"`},
		{"price", "2024.06.10,005930,삼성전자,매수,1,abc,0,0\n", `line 3, column "단가"`},
		{"fees", "2024.06.10,005930,삼성전자,매수,1,78500,1e3,0\n", `line 3, column "수수료"`},
		{"code", "2024.06.10,삼성 전자,삼성전자,매수,1,78500,0,0\n", `line 3, column "종목코드"`},
		{"quotes", "2024.06.10,005930,\"삼성\"전자\",매수,1,78500,0,0\n\"x\n", `line 3`},
	}
	for _, tc := range tests {
		n := 0
		err := csvmap.Auto().Read(context.Background(), strings.NewReader(header+good+tc.row), func(journal.Trade) error {
			n++
			return nil
		})
		if journal.ErrorCode(err) != journal.EINVALID || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v; want an EINVALID error naming %s", tc.name, err, tc.want)
		}
	}
	err := csvmap.Auto().Read(context.Background(), strings.NewReader("Date,Symbol,Action,Quantity,Price\n"), func(journal.Trade) error { return nil })
	if journal.ErrorCode(err) != journal.EINVALID || !strings.Contains(err.Error(), "currency") {
		t.Errorf("English file without currency: %v", err)
	}
}

// TestBoundedMemory reads a generated file of about 50 MiB and checks, by sampling the
// heap while the trades are emitted, that it is never held whole.
func TestBoundedMemory(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("writes and reads a 50 MiB file (not under -short or -race; make test runs it without -race)")
	}
	path := filepath.Join(t.TempDir(), "big.csv")
	file, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(file)
	fmt.Fprintln(w, "일자,종목코드,종목명,매수/매도,수량,단가,수수료,세금,메모")
	const size = 50 << 20
	rows, written := 0, 0
	for written < size {
		n, _ := fmt.Fprintf(w, "2024.%02d.%02d,'%06d,삼성전자,매수,\"1,%03d\",\"78,%03d\",1200,0,분할 매수 %d 회차 — 장기 보유 목적의 적립식 매수\n",
			rows%12+1, rows%28+1, rows%1000000, rows%1000, rows%1000, rows)
		written += n
		rows++
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	file.Close()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak uint64
	n := 0
	start := time.Now()
	_, _, err = trades.ReadFile(context.Background(), path, csvmap.Auto(), nil, func(journal.Trade) error {
		n++
		if n%20000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != rows {
		t.Errorf("read %d trades, want %d", n, rows)
	}
	t.Logf("%d rows in %s; heap in use %d MiB at the start, at most %d MiB while reading", rows, time.Since(start), base>>20, peak>>20)
	if peak-min(peak, base) > 64<<20 {
		t.Errorf("the heap grew by %d MiB while reading a %d MiB file", (peak-base)>>20, size>>20)
	}
}

func FuzzRead(f *testing.F) {
	for _, p := range []string{"testdata/kr-broker.csv", "testdata/en-semicolon.csv"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = csvmap.Auto().Read(context.Background(), bytes.NewReader(b), func(journal.Trade) error { return nil })
		csvmap.Auto().Sniff(b)
	})
}
