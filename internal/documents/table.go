package documents

import (
	"bytes"
	"encoding/csv"

	"github.com/xuri/excelize/v2"
)

// TableCSV is rows of text as CSV: UTF-8 with a BOM, semicolons. Every
// cell is text, kept from being read as a formula (see csvText): the
// cells carry names and addresses people gave and reasons mail servers
// wrote.
func TableCSV(name string, rows [][]string) (File, error) {
	return csvFile(name+".csv", textCells(rows))
}

// textCells is rows with every cell kept from being read as a formula.
func textCells(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, row := range rows {
		out[i] = make([]string, len(row))
		for j, v := range row {
			out[i][j] = csvText(v)
		}
	}
	return out
}

// csvFile is rows as the CSV file named filename: UTF-8 with a BOM (so
// that spreadsheets read the Polish letters), semicolons.
func csvFile(filename string, rows [][]string) (File, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	cw.Comma = ';'
	if err := cw.WriteAll(rows); err != nil {
		return File{}, err
	}
	return File{Name: filename, ContentType: ContentTypeCSV, Data: buf.Bytes()}, nil
}

// TableXLSX is rows of text as a spreadsheet, the first row in bold.
func TableXLSX(name string, rows [][]string) (File, error) {
	x := excelize.NewFile()
	defer x.Close()
	sheet := x.GetSheetName(0)
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return File{}, err
	}
	for i, row := range rows {
		for j, val := range row {
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				return File{}, err
			}
			if err := x.SetCellStr(sheet, cell, val); err != nil {
				return File{}, err
			}
			if i == 0 {
				if err := x.SetCellStyle(sheet, cell, cell, bold); err != nil {
					return File{}, err
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return File{}, err
	}
	return File{Name: name + ".xlsx", ContentType: ContentTypeXLSX, Data: buf.Bytes()}, nil
}
