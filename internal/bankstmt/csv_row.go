package bankstmt

import (
	"strings"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
)

// maxCSVAmount bounds CSV amounts and balances to what MT940 can carry, so
// that sums of them cannot overflow.
const maxCSVAmount = money.Amount(maxSwiftWhole * 100)

// csvRow is a parsed CSV row.
type csvRow struct {
	tx         Transaction
	own        nrb.Number // the own-account column, if it holds a valid NRB
	balance    money.Amount
	hasBalance bool
	extra      string // further text for ExternalID
}

// labelledColumns are the kinds a "Label: value" cell (PKO BP puts "Tytuł:
// ...", "Nazwa nadawcy: ..." and "Rachunek nadawcy: ..." into unnamed
// columns) may supply when the header has no column of that kind.
var labelledColumns = [...]column{colTitle, colCounterparty, colCounterpartyAccount, colOwnAccount, colReference}

// row parses one operation. It returns every problem of the row.
func (t *csvTable) row(rec csvRecord) (csvRow, []error) {
	row := csvRow{tx: Transaction{Line: rec.line}}
	get := func(c column) string { return t.cell(rec.cells, c) }
	labelled := t.labelled(rec.cells)
	value := func(c column) string {
		if v := get(c); v != "" {
			return v
		}
		return labelled[c]
	}
	// text is a column's text without the placeholder "˙", which is never
	// text.
	text := func(v string) string { return strings.ReplaceAll(v, placeholder, "") }

	var errs []error
	row.tx.BookedOn, row.tx.ValueOn, errs = t.dates(rec.cells)

	amount, err := t.amount(rec.cells)
	if err != nil {
		errs = append(errs, err)
	}
	row.tx.Amount = amount
	if cur := strings.ToUpper(get(colCurrency)); cur != "" && cur != "PLN" && cur != "ZŁ" && cur != "ZL" {
		errs = append(errs, bad(KeyCurrency, q(get(colCurrency))))
	}
	if s := get(colBalance); s != "" {
		if b, err := parseCSVAmount(s); err == nil {
			row.balance, row.hasBalance = b, true
		}
	}

	row.tx.Title = collapseSpace(text(value(colTitle)))
	if row.tx.Title == "" {
		row.tx.Title = collapseSpace(text(get(colDescription)))
	}
	row.tx.Counterparty = collapseSpace(text(value(colCounterparty)))
	row.tx.CounterpartyAccount = accountText(text(value(colCounterpartyAccount)))
	row.tx.Reference = meaningfulRef(strings.Trim(value(colReference), "'\""))
	if found := FindAccounts(value(colOwnAccount)); len(found) > 0 {
		row.own = found[0]
		row.tx.Credited = found
	}
	row.tx.PayerName, row.tx.PayerAddress = splitNameAddress(row.tx.Counterparty, []string{text(value(colCounterparty))})
	for _, cell := range rec.cells {
		row.tx.Accounts = append(row.tx.Accounts, FindAccounts(cell)...)
	}
	row.extra = get(colDescription) + "|" + value(colOwnAccount)
	return row, errs
}

// dates returns a row's booking date (else the operation date, else the
// value date) and value date (else the operation date, else the booking
// date), and the problems of its date cells.
func (t *csvTable) dates(cells []string) (booked, value civil.Date, errs []error) {
	dates := [columnCount]civil.Date{}
	for _, c := range [...]column{colBooked, colOperation, colValue} {
		if s := t.cell(cells, c); s != "" {
			d, err := parseCSVDate(s)
			if err != nil {
				errs = append(errs, err)
			}
			dates[c] = d
		}
	}
	booked = firstDate(dates[colBooked], dates[colOperation], dates[colValue])
	value = firstDate(dates[colValue], dates[colOperation], dates[colBooked])
	if booked.IsZero() && len(errs) == 0 {
		errs = append(errs, bad(KeyCSVNoDate))
	}
	return booked, value, errs
}

// labelled collects "Label: value" cells outside the columns the header
// names (apart from the description column, where such text also appears).
func (t *csvTable) labelled(cells []string) [columnCount]string {
	var used [columnCount]bool
	named := make(map[int]bool)
	for c, i := range t.head {
		if i >= 0 && column(c) != colDescription {
			named[i] = true
		}
	}
	var out [columnCount]string
	for i, cell := range cells {
		label, val, ok := strings.Cut(cell, ":")
		if named[i] || !ok || len(label) > 40 {
			continue
		}
		c := columnOf(normalizeHeader(label))
		for _, want := range labelledColumns {
			if c == want && !used[c] {
				out[c], used[c] = strings.TrimSpace(val), true
			}
		}
	}
	return out
}

// amount reads the row's amount from the amount column, or else from the
// credit and debit columns. It must not be zero.
func (t *csvTable) amount(cells []string) (money.Amount, error) {
	if s := t.cell(cells, colAmount); s != "" {
		a, err := parseCSVAmount(s)
		if err == nil && a == 0 {
			err = bad(KeyAmountZero)
		}
		return a, err
	}
	credit, err := optionalAmount(t.cell(cells, colCredit))
	if err != nil {
		return 0, err
	}
	debit, err := optionalAmount(t.cell(cells, colDebit))
	if err != nil {
		return 0, err
	}
	switch {
	case credit != 0 && debit != 0:
		return 0, bad(KeyCSVBoth)
	case credit != 0:
		return credit.Abs(), nil
	case debit != 0:
		return -debit.Abs(), nil
	}
	return 0, bad(KeyCSVNoAmount)
}

// optionalAmount parses s, giving zero for an empty cell.
func optionalAmount(s string) (money.Amount, error) {
	if s == "" {
		return 0, nil
	}
	return parseCSVAmount(s)
}

// parseCSVAmount parses an amount as banks export it: "1 234,56", "-12,30",
// "1234.56", "+450,00 PLN", and also "1.234,56" or "1,234.56", where the
// last of the two separators is the decimal one.
func parseCSVAmount(s string) (money.Amount, error) {
	norm := strings.Trim(s, "'\"")
	if strings.Contains(norm, ".") && strings.Contains(norm, ",") {
		decimal := strings.LastIndexAny(norm, ".,")
		grouping := ","
		if norm[decimal] == ',' {
			grouping = "."
		}
		norm = strings.ReplaceAll(norm[:decimal], grouping, "") + "," + norm[decimal+1:]
	}
	a, err := money.Parse(norm)
	if err != nil || a > maxCSVAmount || a < -maxCSVAmount {
		return 0, bad(KeyCSVAmount, q(s))
	}
	return a, nil
}

// parseCSVDate parses "2026-11-21", "21.11.2026", "21-11-2026" or
// "21/11/2026" (and "2026.11.21" or "2026/11/21"), ignoring a time of day
// after the date.
func parseCSVDate(s string) (civil.Date, error) {
	bad := bad(KeyCSVDate, q(s))
	datePart, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	if len(datePart) > 10 && datePart[10] == 'T' {
		datePart = datePart[:10]
	}
	i := strings.IndexAny(datePart, "-./")
	if i < 0 {
		return civil.Date{}, bad
	}
	parts := strings.Split(datePart, datePart[i:i+1])
	if len(parts) != 3 {
		return civil.Date{}, bad
	}
	y, m, d := parts[2], parts[1], parts[0]
	if len(parts[0]) == 4 {
		y, d = parts[0], parts[2]
	}
	if len(y) != 4 || len(m) < 1 || len(m) > 2 || len(d) < 1 || len(d) > 2 || !allDigits(y+m+d) {
		return civil.Date{}, bad
	}
	date, err := civil.NewDate(atoi(y), time.Month(atoi(m)), atoi(d))
	if err != nil {
		return civil.Date{}, bad
	}
	return date, nil
}

// accountText is a counterparty account cell as a Transaction carries it:
// the NRB as 26 digits if the cell holds one, else the cell without spaces
// and quotes.
func accountText(s string) string {
	if found := FindAccounts(s); len(found) > 0 {
		return string(found[0])
	}
	return compact(strings.Trim(s, "'\""))
}

// firstDate returns the first non-zero date of ds.
func firstDate(ds ...civil.Date) civil.Date {
	for _, d := range ds {
		if !d.IsZero() {
			return d
		}
	}
	return civil.Date{}
}

// atoi converts a short string of ASCII digits to a number.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
