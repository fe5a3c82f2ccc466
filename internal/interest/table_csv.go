package interest

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/civil"
)

// defaultRates is the reviewed rate table shipped with ebok; see rates.csv
// for its columns and sources. It is only read through Default.
//
//go:embed rates.csv
var defaultRates string

// Default returns the table in rates.csv, embedded in the binary: statutory
// interest (odsetki ustawowe) from 15.12.2008 and statutory interest for
// delay (odsetki ustawowe za opóźnienie) from 1.01.2016 on.
func Default() (*Table, error) {
	return Parse(strings.NewReader(defaultRates))
}

// csvHeader is the header row Parse requires.
const csvHeader = "effective_from,rate_bp,reference_bp,status,source"

// Margin over the NBP reference rate set by art. 481 § 2 k.c. from
// 1.01.2016: 5.5 percentage points.
const referenceMargin = 550

// referenceRegimeStart is the first day on which the rate for delay is
// the NBP reference rate plus referenceMargin.
func referenceRegimeStart() civil.Date {
	return civil.Date{Year: 2016, Month: time.January, Day: 1}
}

// Parse reads a rate table in the format of rates.csv: lines starting with
// '#' are comments; the first record is the header
// "effective_from,rate_bp,reference_bp,status,source"; each further record
// has an ISO date, the rate in basis points, the NBP reference rate in
// basis points (required from 2016-01-01, where rate_bp must equal it plus
// 550, and empty before), a status (official, secondary or unverified) and
// a non-empty source. Dates must increase strictly.
func Parse(r io.Reader) (*Table, error) {
	columns := strings.Split(csvHeader, ",")
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = len(columns)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%w: header: %w", ErrTable, err)
	}
	for i, name := range columns {
		if strings.TrimSpace(header[i]) != name {
			return nil, fmt.Errorf("%w: header column %d is %q, want %q", ErrTable, i+1, header[i], name)
		}
	}
	var changes []Change
	for {
		record, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrTable, err)
		}
		line, _ := cr.FieldPos(0)
		c, err := parseRecord(record)
		if err != nil {
			return nil, fmt.Errorf("%w: line %d: %w", ErrTable, line, err)
		}
		changes = append(changes, c)
	}
	return NewTable(changes)
}

// parseRecord converts one CSV record into a Change.
func parseRecord(record []string) (Change, error) {
	from, err := civil.ParseISO(record[0])
	if err != nil {
		return Change{}, fmt.Errorf("effective_from %q: %w", record[0], err)
	}
	rate, ok := parseBasisPoints(strings.TrimSpace(record[1]))
	if !ok {
		return Change{}, fmt.Errorf("rate_bp %q is not a whole number of basis points", record[1])
	}
	if err := checkReference(from, rate, strings.TrimSpace(record[2])); err != nil {
		return Change{}, err
	}
	status := Status(strings.TrimSpace(record[3]))
	if !status.valid() {
		return Change{}, fmt.Errorf("status %q is not official, secondary or unverified", record[3])
	}
	source := strings.TrimSpace(record[4])
	if source == "" {
		return Change{}, errors.New("source is empty")
	}
	return Change{From: from, Rate: rate, Status: status, Source: source}, nil
}

// checkReference checks the reference_bp column against the statutory
// formula in force on from.
func checkReference(from civil.Date, rate Rate, field string) error {
	if from.Before(referenceRegimeStart()) {
		if field != "" {
			return fmt.Errorf("reference_bp must be empty before %s", referenceRegimeStart())
		}
		return nil
	}
	ref, ok := parseBasisPoints(field)
	if !ok {
		return fmt.Errorf("reference_bp %q is not a whole number of basis points", field)
	}
	if rate != ref+referenceMargin {
		return fmt.Errorf("rate_bp %d is not reference_bp %d + %d (art. 481 § 2 k.c.)", rate, ref, referenceMargin)
	}
	return nil
}
