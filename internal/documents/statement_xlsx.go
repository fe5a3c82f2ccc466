package documents

import (
	"bytes"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/money"
	"github.com/xuri/excelize/v2"
)

// StatementXLSX is the statement as a spreadsheet whose amounts are numbers
// (two decimals) and dates are dates.
func StatementXLSX(l *i18n.Localizer, s Statement) (File, error) {
	x := excelize.NewFile()
	defer x.Close()
	sh, err := newSheet(x)
	if err != nil {
		return File{}, err
	}
	head := tableHead(l, s)
	for i, row := range head {
		for j, val := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := sh.set(cell, val, 0); err != nil {
				return File{}, err
			}
		}
	}
	for i, t := range tableLines(l, s) {
		if err := sh.line(len(head)+1+i, t); err != nil {
			return File{}, err
		}
	}
	if err := x.SetColWidth(sh.name, "C", "C", 50); err != nil {
		return File{}, err
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return File{}, err
	}
	return File{Name: s.fileName("xlsx"), ContentType: ContentTypeXLSX, Data: buf.Bytes()}, nil
}

// sheet is the statement's worksheet with the styles of its cells.
type sheet struct {
	x           *excelize.File
	name        string
	money, date int // styles: #,##0.00 and dd.mm.yyyy
}

// newSheet prepares the workbook's first sheet and the styles.
func newSheet(x *excelize.File) (*sheet, error) {
	sh := &sheet{x: x, name: x.GetSheetName(0)}
	var err error
	if sh.money, err = x.NewStyle(&excelize.Style{NumFmt: 4}); err != nil { // #,##0.00
		return nil, err
	}
	dateFormat := "dd.mm.yyyy"
	if sh.date, err = x.NewStyle(&excelize.Style{CustomNumFmt: &dateFormat}); err != nil {
		return nil, err
	}
	return sh, nil
}

// set writes a cell's value and, unless 0, its style.
func (sh *sheet) set(cell string, value any, style int) error {
	if err := sh.x.SetCellValue(sh.name, cell, value); err != nil {
		return err
	}
	if style != 0 {
		return sh.x.SetCellStyle(sh.name, cell, cell, style)
	}
	return nil
}

// xcell is one spreadsheet cell to write: column, value and style.
type xcell struct {
	col   string
	value any
	style int
}

// line writes a statement line into a row: dates as dates, amounts as
// numbers; a zero due date, debit or credit leaves its cell empty.
func (sh *sheet) line(row int, t tableLine) error {
	asFloat := func(a money.Amount) float64 { return float64(a) / 100 }
	cells := []xcell{{"A", t.Date.In(time.UTC), sh.date}, {"B", t.Kind, 0}, {"C", t.What, 0}}
	if !t.Due.IsZero() {
		cells = append(cells, xcell{"D", t.Due.In(time.UTC), sh.date})
	}
	if t.Debit != 0 {
		cells = append(cells, xcell{"E", asFloat(t.Debit), sh.money})
	}
	if t.Credit != 0 {
		cells = append(cells, xcell{"F", asFloat(t.Credit), sh.money})
	}
	cells = append(cells, xcell{"G", asFloat(t.Balance), sh.money})
	for _, c := range cells {
		if err := sh.set(fmt.Sprintf("%s%d", c.col, row), c.value, c.style); err != nil {
			return err
		}
	}
	return nil
}
