package journal

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// currencies maps ISO 4217 codes Hindsight accepts to their number of minor units.
var currencies = map[string]int32{
	"AED": 2, "ARS": 2, "AUD": 2, "BRL": 2, "CAD": 2, "CHF": 2, "CLP": 0, "CNY": 2, "COP": 2,
	"CZK": 2, "DKK": 2, "EGP": 2, "EUR": 2, "GBP": 2, "HKD": 2, "HUF": 2, "IDR": 2, "ILS": 2,
	"INR": 2, "ISK": 0, "JPY": 0, "KRW": 0, "KWD": 3, "MXN": 2, "MYR": 2, "NOK": 2, "NZD": 2,
	"PHP": 2, "PLN": 2, "QAR": 2, "RUB": 2, "SAR": 2, "SEK": 2, "SGD": 2, "THB": 2, "TRY": 2,
	"TWD": 2, "USD": 2, "VND": 0, "ZAR": 2,
}

// subunits maps quote currencies that are the hundredth of an ISO currency (as Yahoo
// reports London listings in pence) to that currency.
var subunits = map[string]string{"GBp": "GBP", "GBX": "GBP", "ZAc": "ZAR", "ILA": "ILS"}

var symbols = map[string]string{
	"USD": "$", "KRW": "₩", "JPY": "¥", "EUR": "€", "GBP": "£", "CNY": "CN¥", "HKD": "HK$",
	"TWD": "NT$", "CAD": "CA$", "AUD": "A$", "INR": "₹",
}

var (
	hundred   = decimal.NewFromInt(100)
	hundredth = decimal.New(1, -2)
	one       = decimal.NewFromInt(1)
)

// Currencies returns the ISO 4217 codes Hindsight knows, sorted.
func Currencies() []string {
	out := make([]string, 0, len(currencies))
	for c := range currencies {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// NormalizeCurrency returns the ISO code for code. Codes are case-insensitive except the
// subunit codes (GBp, ZAc, ILA), which are recognised so callers can convert with
// NewMoney; an unknown code is an EINVALID error.
func NormalizeCurrency(code string) (string, error) {
	code = strings.TrimSpace(code)
	if _, ok := subunits[code]; ok {
		return code, nil
	}
	up := strings.ToUpper(code)
	if _, ok := currencies[up]; ok {
		return up, nil
	}
	if code == "" {
		return "", Errorf(EINVALID, "currency must not be empty")
	}
	return "", Errorf(EINVALID, "unknown currency %q", code)
}

// MinorUnits returns the number of decimals the currency is shown with (2 if unknown).
func MinorUnits(code string) int32 {
	if n, ok := currencies[code]; ok {
		return n
	}
	return 2
}

// Money is a decimal amount in one ISO 4217 currency. The zero Money has no currency.
type Money struct {
	Amount   decimal.Decimal
	Currency string
}

// MainUnit returns the ISO currency that amounts quoted in code are kept in, and the
// factor that converts such an amount into it: ("GBp") gives ("GBP", 0.01), as do GBX,
// and ZAc and ILA give ZAR and ILS; an ISO code gives itself and 1. It is the one place
// where a subunit is turned into its currency: NewMoney converts single amounts with it
// and quotes.InMainUnit converts price bars. An unknown code is an EINVALID error.
func MainUnit(code string) (iso string, factor decimal.Decimal, err error) {
	code, err = NormalizeCurrency(code)
	if err != nil {
		return "", decimal.Decimal{}, err
	}
	if iso, ok := subunits[code]; ok {
		return iso, hundredth, nil
	}
	return code, one, nil
}

// IsSubunit reports whether code is a quote currency worth a hundredth of an ISO
// currency (GBp, GBX, ZAc, ILA).
func IsSubunit(code string) bool {
	_, ok := subunits[strings.TrimSpace(code)]
	return ok
}

// NewMoney returns amount in currency. A subunit currency (GBp, ZAc, ILA) is converted to
// its ISO currency (MainUnit): 1234.5 GBp becomes 12.345 GBP. An unknown currency is an
// error.
func NewMoney(amount decimal.Decimal, currency string) (Money, error) {
	iso, factor, err := MainUnit(currency)
	if err != nil {
		return Money{}, err
	}
	if !factor.Equal(one) {
		amount = amount.Mul(factor)
	}
	return Money{Amount: amount, Currency: iso}, nil
}

// MustMoney is NewMoney from a string for fixed values in tests and demos; it panics on error.
func MustMoney(amount, currency string) Money {
	m, err := ParseMoney(amount, currency)
	if err != nil {
		panic(err)
	}
	return m
}

// ParseMoney parses a decimal amount as a person or a file writes it ("1,234.50", "3000000",
// "-12.5") in currency, by the rules of ParseDecimal.
func ParseMoney(amount, currency string) (Money, error) {
	d, err := ParseDecimal(amount)
	if err != nil {
		return Money{}, err
	}
	m, err := NewMoney(d, currency)
	if err != nil {
		return Money{}, err
	}
	return m, converted(amount, m)
}

// converted checks that an amount converted from a subunit (pence to pounds) still has
// at most maxDigits digits, so that it can be written and read again.
func converted(amount string, m Money) error {
	whole, frac, _ := strings.Cut(strings.TrimPrefix(m.Amount.String(), "-"), ".")
	if n := digits(whole, frac); n > maxDigits {
		return Errorf(EINVALID, "amount %s: too many digits in %s (%d); at most %d", quoteAmount(amount), m.Currency, n, maxDigits)
	}
	return nil
}

// maxDigits is the number of digits ParseDecimal accepts in an amount, not counting
// zeros before the first other digit of the whole part or after the last of the fraction.
const maxDigits = 40

// maxAmountLen bounds the length of an amount ParseDecimal reads, in bytes.
const maxAmountLen = 100

// groupSeparators are the characters that may group the digits of a whole number.
const groupSeparators = ", _\u00a0"

// ParseDecimal parses a plain decimal number: an optional sign, the whole part, an
// optional fraction after a point; at most maxDigits digits and maxAmountLen bytes. The
// whole part may be grouped in threes by commas, spaces, no-break spaces or underscores
// ("1,234,567", "1 234.5"), one kind of separator per number, the first group one to
// three digits and not starting with 0. Anything else holding a separator is refused
// rather than guessed at: "1,23", "0,5" and "1.234,56" may use the comma as the decimal
// mark, so the message shows the number they would be with a point. It never goes
// through float64.
func ParseDecimal(s string) (decimal.Decimal, error) {
	orig := s
	s = strings.TrimSpace(s)
	if s == "" {
		return decimal.Decimal{}, Errorf(EINVALID, "amount must not be empty")
	}
	q := quoteAmount(orig)
	if len(s) > maxAmountLen {
		return decimal.Decimal{}, Errorf(EINVALID, "amount %s is longer than %d characters", q, maxAmountLen)
	}
	notNumber := func() (decimal.Decimal, error) {
		return decimal.Decimal{}, Errorf(EINVALID, "amount %s is not a number", q)
	}
	sign := ""
	if s[0] == '+' || s[0] == '-' {
		sign, s = s[:1], s[1:]
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || strings.ContainsRune(groupSeparators, r)) {
			return notNumber()
		}
	}
	whole, frac, point := strings.Cut(s, ".")
	if point && strings.Contains(frac, ".") {
		if parts := strings.Split(s, "."); groupedInThrees(parts) {
			return decimal.Decimal{}, Errorf(EINVALID, "amount %s has more than one decimal point; to group thousands use commas: %s",
				q, sign+strings.Join(parts, ","))
		}
		return decimal.Decimal{}, Errorf(EINVALID, "amount %s has more than one decimal point", q)
	}
	if strings.Contains(frac, ",") {
		// "1.234,56": points group thousands and the comma is the decimal mark.
		w, f, _ := strings.Cut(frac, ",")
		if !strings.ContainsAny(whole, groupSeparators) && groupedInThrees(append([]string{whole}, strings.Split(w, ".")...)) &&
			onlyDigits(f) && !strings.Contains(f, ",") {
			n := sign + whole + w + "." + f
			return decimal.Decimal{}, Errorf(EINVALID, "amount %s: a comma cannot follow the decimal point; for %s write %s or %s",
				q, n, n, sign+whole+","+w+"."+f)
		}
		return decimal.Decimal{}, Errorf(EINVALID, "amount %s: a comma cannot follow the decimal point", q)
	}
	if strings.ContainsAny(frac, groupSeparators) {
		return decimal.Decimal{}, Errorf(EINVALID, "amount %s: digits after the decimal point cannot be grouped", q)
	}
	if c := strings.LastIndex(whole, ","); c >= 0 && !point {
		// "1,23", ",5", "0,123", "1 234,56": the last comma may be a decimal comma.
		head, tail := whole[:c], whole[c+1:]
		hg, ok := splitGroups(head)
		headOK := ok && (len(hg) == 1 && onlyDigits(hg[0]) || groupedInThrees(hg))
		zero := head != "" && strings.Trim(head, "0") == ""
		if headOK && tail != "" && onlyDigits(tail) && (len(tail) != 3 || zero) {
			w := strings.Join(hg, "")
			if w == "" {
				w = "0"
			}
			return decimal.Decimal{}, Errorf(EINVALID, "amount %s: a comma groups thousands (1,234); for a decimal use a point: %s", q, sign+w+"."+tail)
		}
	}
	if strings.ContainsAny(whole, groupSeparators) {
		groups, ok := splitGroups(whole)
		if !ok {
			return decimal.Decimal{}, Errorf(EINVALID, "amount %s: digits are grouped with more than one kind of separator", q)
		}
		if !groupedInThrees(groups) {
			return decimal.Decimal{}, Errorf(EINVALID, "amount %s: digits are grouped in threes, as in 1,234,567", q)
		}
		whole = strings.Join(groups, "")
	}
	if whole == "" && frac == "" {
		return notNumber()
	}
	if n := digits(whole, frac); n > maxDigits {
		return decimal.Decimal{}, Errorf(EINVALID, "amount %s: too many digits (%d); at most %d", q, n, maxDigits)
	}
	d, err := decimal.NewFromString(sign + whole + "." + frac)
	if err != nil {
		return notNumber()
	}
	return d, nil
}

// digits counts the digits of a number as maxDigits does.
func digits(whole, frac string) int {
	return len(strings.TrimLeft(whole, "0")) + len(strings.TrimRight(frac, "0"))
}

// splitGroups splits the whole part of a number at its grouping separators; ok is false
// when it mixes kinds of separator.
func splitGroups(whole string) (groups []string, ok bool) {
	var sep rune
	groups = []string{""}
	for _, r := range whole {
		if r >= '0' && r <= '9' {
			groups[len(groups)-1] += string(r)
			continue
		}
		if sep != 0 && r != sep {
			return nil, false
		}
		sep = r
		groups = append(groups, "")
	}
	return groups, true
}

// groupedInThrees reports whether groups are digits grouped by thousands: a first
// group of one to three digits not starting with 0, then groups of exactly three.
func groupedInThrees(groups []string) bool {
	if len(groups) == 0 || len(groups[0]) < 1 || len(groups[0]) > 3 || groups[0][0] == '0' || !onlyDigits(groups[0]) {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !onlyDigits(g) {
			return false
		}
	}
	return true
}

func onlyDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// quoteAmount quotes an amount for a message, shortened to its first 20 characters
// when it is long.
func quoteAmount(s string) string {
	if utf8.RuneCountInString(s) <= 24 {
		return fmt.Sprintf("%q", s)
	}
	r := []rune(s)
	return fmt.Sprintf("%q", string(r[:20])+"…")
}

// IsZero reports whether m is the zero Money (no currency).
func (m Money) IsZero() bool { return m.Currency == "" && m.Amount.IsZero() }

// Valid reports whether m carries a known currency.
func (m Money) Valid() bool {
	_, ok := currencies[m.Currency]
	return ok
}

// Add returns m+o; both must share a currency.
func (m Money) Add(o Money) (Money, error) {
	if m.Currency != o.Currency {
		return Money{}, Errorf(EINVALID, "cannot add %s to %s", o.Currency, m.Currency)
	}
	return Money{Amount: m.Amount.Add(o.Amount), Currency: m.Currency}, nil
}

// Neg returns -m.
func (m Money) Neg() Money { return Money{Amount: m.Amount.Neg(), Currency: m.Currency} }

// Mul returns m times f in the same currency.
func (m Money) Mul(f decimal.Decimal) Money {
	return Money{Amount: m.Amount.Mul(f), Currency: m.Currency}
}

// Round returns m rounded half away from zero to its currency's minor units.
func (m Money) Round() Money {
	return Money{Amount: m.Amount.Round(MinorUnits(m.Currency)), Currency: m.Currency}
}

// String returns the exact amount and the code, e.g. "128.99 USD".
func (m Money) String() string {
	if m.Currency == "" {
		return m.Amount.String()
	}
	return m.Amount.String() + " " + m.Currency
}

// Format returns m for display: rounded to the currency's minor units, grouped by
// thousands, with the currency's sign where it has a common one ("$1,234.50", "₩3,000,000",
// "-₩12,000") and the code otherwise ("1,234.50 CHF").
func (m Money) Format() string { return m.FormatPlaces(MinorUnits(m.Currency)) }

// FormatPlaces is Format with places decimals.
func (m Money) FormatPlaces(places int32) string {
	s := FormatDecimal(m.Amount, places)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sign := ""
	if neg {
		sign = "-"
	}
	if sym, ok := symbols[m.Currency]; ok {
		return sign + sym + s
	}
	if m.Currency == "" {
		return sign + s
	}
	return sign + s + " " + m.Currency
}

// FormatDecimal rounds d to places decimals and groups the integer part by thousands.
func FormatDecimal(d decimal.Decimal, places int32) string {
	s := d.StringFixed(places)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

type moneyJSON struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// MarshalJSON writes {"amount": "128.99", "currency": "USD"}; the amount is an exact string.
func (m Money) MarshalJSON() ([]byte, error) {
	return json.Marshal(moneyJSON{Amount: m.Amount.String(), Currency: m.Currency})
}

// UnmarshalJSON reads {"amount": "128.99", "currency": "USD"}; the amount must be a string
// and the currency known.
func (m *Money) UnmarshalJSON(b []byte) error {
	var raw struct {
		Amount   json.RawMessage `json:"amount"`
		Currency string          `json:"currency"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("money: %w", err)
	}
	var amount string
	if len(raw.Amount) > 0 {
		if err := json.Unmarshal(raw.Amount, &amount); err != nil {
			return Errorf(EINVALID, "amount must be a string such as \"12.50\"")
		}
	}
	if raw.Currency == "" && (amount == "" || amount == "0") {
		*m = Money{} // the zero Money: no amount set
		return nil
	}
	v, err := ParseMoney(amount, raw.Currency)
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// maxPricePlaces bounds the decimals a price is shown with.
const maxPricePlaces = 8

// PricePlaces returns the number of decimals a price of symbol is shown with: an index
// (^KS11) two; an exchange rate (USDKRW=X) two, or four below 10; a price in a currency
// without minor units (KRW, JPY) none, unless it is below one unit; any other price at
// least its currency's minor units and as many more as the amount has (crypto, a fund's
// NAV), up to eight, and at least two more below one unit, so a London price of 68.50p
// (0.685 GBP) shows as £0.6850, never £0.69.
func PricePlaces(symbol string, m Money) int32 {
	abs := m.Amount.Abs()
	below1 := abs.LessThan(one)
	switch {
	case strings.HasPrefix(symbol, "^"):
		return 2
	case strings.HasSuffix(symbol, "=X"):
		if abs.LessThan(decimal.NewFromInt(10)) {
			return 4
		}
		return 2
	}
	minor := MinorUnits(m.Currency)
	own := int32(0)
	if exp := -abs.Truncate(maxPricePlaces).Exponent(); exp > 0 {
		// Count the decimals the amount really has (12.3400 has two).
		digits := strings.TrimRight(abs.Truncate(maxPricePlaces).StringFixed(exp), "0")
		if _, frac, ok := strings.Cut(digits, "."); ok {
			own = int32(len(frac))
		}
	}
	if minor == 0 && !below1 {
		return 0
	}
	places := max(minor, own)
	if below1 && !abs.IsZero() {
		places = max(places, minor+2)
	}
	return min(places, maxPricePlaces)
}

// FormatPrice formats a quoted price for display at the precision the instrument needs
// (PricePlaces). Stock prices look like money (Money.Format); an index (^KS11) is in
// points, shown without a currency sign; an exchange rate (USDKRW=X) is followed by its
// currency code.
func FormatPrice(symbol string, m Money) string {
	places := PricePlaces(symbol, m)
	switch {
	case strings.HasPrefix(symbol, "^"):
		return FormatDecimal(m.Amount, places)
	case strings.HasSuffix(symbol, "=X"):
		return FormatDecimal(m.Amount, places) + " " + m.Currency
	}
	return m.FormatPlaces(places)
}
