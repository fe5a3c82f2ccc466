package interest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/civil"
)

// day builds a date for tests; the layout is year, month, day.
func day(y int, m time.Month, d int) civil.Date {
	return civil.Date{Year: y, Month: m, Day: d}
}

// defaultTable loads the embedded table or stops the test.
func defaultTable(t testing.TB) *Table {
	t.Helper()
	tab, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return tab
}

// TestDefaultKnownChanges checks the embedded table against the changes
// listed in the brief: each NBP reference rate plus 5.5 points, and the
// pre-2016 statutory rates.
func TestDefaultKnownChanges(t *testing.T) {
	want := []struct {
		from civil.Date
		bp   int
	}{
		{day(2008, 12, 15), 1300},
		{day(2014, 12, 23), 800},
		{day(2016, 1, 1), 150 + 550},
		{day(2020, 3, 18), 100 + 550},
		{day(2020, 4, 9), 50 + 550},
		{day(2020, 5, 29), 10 + 550},
		{day(2021, 10, 7), 50 + 550},
		{day(2021, 11, 4), 125 + 550},
		{day(2021, 12, 9), 175 + 550},
		{day(2022, 1, 5), 225 + 550},
		{day(2022, 2, 9), 275 + 550},
		{day(2022, 3, 9), 350 + 550},
		{day(2022, 4, 7), 450 + 550},
		{day(2022, 5, 6), 525 + 550},
		{day(2022, 6, 9), 600 + 550},
		{day(2022, 7, 8), 650 + 550},
		{day(2022, 9, 8), 675 + 550},
		{day(2023, 9, 7), 600 + 550},
		{day(2023, 10, 5), 575 + 550},
		{day(2025, 5, 8), 525 + 550},
		{day(2025, 7, 3), 500 + 550},
		{day(2025, 9, 4), 475 + 550},
		{day(2025, 10, 9), 450 + 550},
		{day(2025, 11, 6), 425 + 550},
		{day(2025, 12, 4), 400 + 550},
		{day(2026, 3, 5), 375 + 550},
	}
	changes := defaultTable(t).Changes()
	if len(changes) != len(want) {
		t.Fatalf("table has %d entries, want %d", len(changes), len(want))
	}
	for i, w := range want {
		c := changes[i]
		if c.From != w.from || c.Rate.BasisPoints() != w.bp {
			t.Errorf("entry %d = %s %d bp, want %s %d bp", i+1, c.From, c.Rate, w.from, w.bp)
		}
		if c.Source == "" || c.Status == StatusUnverified {
			t.Errorf("entry %d (%s): status %q, source %q", i+1, c.From, c.Status, c.Source)
		}
	}
}

func TestRateOn(t *testing.T) {
	tab := defaultTable(t)
	tests := []struct {
		on   civil.Date
		want Rate
	}{
		{day(2008, 12, 15), 1300},
		{day(2014, 12, 22), 1300},
		{day(2014, 12, 23), 800},
		{day(2015, 12, 31), 800},
		{day(2016, 1, 1), 700},
		{day(2020, 3, 17), 700},
		{day(2020, 3, 18), 650},
		{day(2023, 1, 10), 1225},
		{day(2023, 9, 6), 1225},
		{day(2023, 9, 7), 1150},
		{day(2024, 2, 29), 1125},
		{day(2025, 5, 7), 1125},
		{day(2025, 5, 8), 1075},
		{day(2026, 3, 4), 950},
		{day(2026, 3, 5), 925},
		{day(2199, 12, 31), 925}, // the last rate stays in force
	}
	for _, tt := range tests {
		got, err := tab.RateOn(tt.on)
		if err != nil || got != tt.want {
			t.Errorf("RateOn(%s) = %v, %v; want %v", tt.on, got, err, tt.want)
		}
	}
}

func TestRateOnBeforeTable(t *testing.T) {
	tab := defaultTable(t)
	for _, d := range []civil.Date{day(2008, 12, 14), day(1900, 1, 1)} {
		if _, err := tab.RateOn(d); !errors.Is(err, ErrNoRate) {
			t.Errorf("RateOn(%s) error = %v, want ErrNoRate", d, err)
		}
	}
	if _, err := tab.RateOn(civil.Date{}); !errors.Is(err, ErrDate) {
		t.Errorf("RateOn(zero) error = %v, want ErrDate", err)
	}
}

// TestPeriodsSortedWithoutGaps checks that the periods tile the calendar
// from the first entry on: each ends the day before the next starts, and
// only the last is open-ended.
func TestPeriodsSortedWithoutGaps(t *testing.T) {
	tab := defaultTable(t)
	periods := tab.Periods()
	if periods[0].From != tab.First() {
		t.Errorf("first period starts %s, table %s", periods[0].From, tab.First())
	}
	for i, p := range periods {
		if i+1 == len(periods) {
			if !p.To.IsZero() {
				t.Errorf("last period ends %s, want open", p.To)
			}
			continue
		}
		next := periods[i+1]
		if !p.From.Before(next.From) || p.To.AddDays(1) != next.From || p.To.Before(p.From) {
			t.Errorf("period %d %s..%s does not meet period %d starting %s", i, p.From, p.To, i+1, next.From)
		}
		if !p.Contains(p.From) || !p.Contains(p.To) || p.Contains(next.From) {
			t.Errorf("period %d Contains is wrong at its edges", i)
		}
		// Every rate change is a real change.
		if p.Rate == next.Rate {
			t.Errorf("periods %d and %d repeat rate %v", i, i+1, p.Rate)
		}
	}
}

func TestRateFormat(t *testing.T) {
	for r, want := range map[Rate]string{700: "7,00%", 1225: "12,25%", 560: "5,60%", 5: "0,05%", -50: "-0,50%"} {
		if got := r.Format(); got != want {
			t.Errorf("Rate(%d).Format() = %q, want %q", r, got, want)
		}
	}
}

func TestNewTableRejects(t *testing.T) {
	ok := Change{From: day(2016, 1, 1), Rate: 700, Status: StatusOfficial, Source: "x"}
	tests := map[string][]Change{
		"empty":          nil,
		"invalid date":   {{From: day(2016, 2, 30), Rate: 700, Status: StatusOfficial}},
		"unsorted":       {ok, {From: day(2015, 1, 1), Rate: 800, Status: StatusOfficial}},
		"duplicate date": {ok, ok},
		"negative rate":  {{From: day(2016, 1, 1), Rate: -1, Status: StatusOfficial}},
		"huge rate":      {{From: day(2016, 1, 1), Rate: maxRate + 1, Status: StatusOfficial}},
		"bad status":     {{From: day(2016, 1, 1), Rate: 700, Status: "maybe"}},
	}
	for name, changes := range tests {
		if _, err := NewTable(changes); !errors.Is(err, ErrTable) {
			t.Errorf("%s: error = %v, want ErrTable", name, err)
		}
	}
}

func TestParseRejects(t *testing.T) {
	const header = csvHeader + "\n"
	tests := map[string]string{
		"empty":              "",
		"no rows":            header,
		"wrong header":       "from,rate,ref,status,source\n2016-01-01,700,150,official,x\n",
		"missing column":     header + "2016-01-01,700,150,official\n",
		"bad date":           header + "2016-13-01,700,150,official,x\n",
		"polish date":        header + "01.01.2016,700,150,official,x\n",
		"percent not bp":     header + "2016-01-01,7.00,150,official,x\n",
		"signed rate":        header + "2016-01-01,+700,150,official,x\n",
		"formula broken":     header + "2016-01-01,700,100,official,x\n",
		"reference missing":  header + "2016-01-01,700,,official,x\n",
		"reference pre-2016": header + "2015-01-01,800,250,official,x\n",
		"unknown status":     header + "2016-01-01,700,150,checked,x\n",
		"no source":          header + "2016-01-01,700,150,official, \n",
		"unsorted":           header + "2016-01-01,700,150,official,x\n2015-01-01,800,,official,x\n",
		"bare quote":         header + "2016-01-01,700,150,official,a\"b\n",
	}
	for name, in := range tests {
		if _, err := Parse(strings.NewReader(in)); !errors.Is(err, ErrTable) {
			t.Errorf("%s: error = %v, want ErrTable", name, err)
		}
	}
}

func TestParseAccepts(t *testing.T) {
	in := "# comment\n" + csvHeader + "\n" +
		"2014-12-23,800,,official,\"Dz.U. 2014 poz. 1858, 8%\"\n" +
		"# another comment\n" +
		"2016-01-01, 700 ,150,secondary,M.P. 2016 poz. 47\n"
	tab, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	got := tab.Changes()
	if len(got) != 2 || got[0].Source != "Dz.U. 2014 poz. 1858, 8%" || got[1].Rate != 700 || got[1].Status != StatusSecondary {
		t.Errorf("Parse = %+v", got)
	}
}

// FuzzParse feeds arbitrary text to the CSV parser: it must never panic,
// and whatever it accepts must be a well-formed table.
func FuzzParse(f *testing.F) {
	f.Add(defaultRates)
	f.Add(csvHeader + "\n2016-01-01,700,150,official,x\n")
	f.Add(csvHeader + "\n2015-01-01,800,,unverified,\"a,b\"\n2016-01-01,700,150,official,x\n")
	f.Add("#\n" + csvHeader + "\n2016-01-01,999999,999449,official,x\n")
	f.Fuzz(func(t *testing.T, in string) {
		tab, err := Parse(strings.NewReader(in))
		if err != nil {
			if !errors.Is(err, ErrTable) {
				t.Fatalf("error %v does not wrap ErrTable", err)
			}
			return
		}
		periods := tab.Periods()
		if len(periods) == 0 {
			t.Fatal("accepted an empty table")
		}
		for i, p := range periods {
			if p.Rate < 0 || p.Rate > maxRate || p.Source == "" || !p.Status.valid() {
				t.Fatalf("accepted period %+v", p)
			}
			if i+1 < len(periods) && p.To.AddDays(1) != periods[i+1].From {
				t.Fatalf("gap after period %d", i)
			}
			if r, err := tab.RateOn(p.From); err != nil || r != p.Rate {
				t.Fatalf("RateOn(%s) = %v, %v; want %v", p.From, r, err, p.Rate)
			}
		}
	})
}
