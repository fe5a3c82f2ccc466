package ledgercsv

import (
	"fmt"
	"strings"
)

// header is what the header row says about the columns of a file.
type header struct {
	idx     [numColumns]int // position of each column; -1 if the file has none
	names   []string        // each position's name as the file spells it
	unnamed []int           // positions with an empty name, whose values must be empty
	ok      bool            // the header has no problems, so rows may be used
}

// parseHeader reads the header row, reporting unknown, repeated and missing
// columns. The file's rows are still checked against a faulty header, so
// that staff see every problem at once, but none of them is used.
func parseHeader(cells []string, line int, sink *problems) *header {
	h := &header{names: make([]string, len(cells)), ok: true}
	for c := range h.idx {
		h.idx[c] = -1
	}
	fail := func(colName, msg string) {
		h.ok = false
		sink.add(Problem{Line: line, Column: colName, Msg: msg})
	}
	for i, cell := range cells {
		name := strings.TrimSpace(strings.TrimPrefix(cell, "\uFEFF"))
		h.names[i] = name
		if name == "" {
			h.unnamed = append(h.unnamed, i)
			continue
		}
		c, known := lookupColumn(name)
		switch {
		case !known:
			fail(name, fmt.Sprintf("Nieznana kolumna %s; dozwolone są: %s", quote(name), allowedColumns()))
		case h.idx[c] >= 0:
			fail(name, fmt.Sprintf("Kolumna %s powtarza kolumnę %s", quote(name), quote(h.names[h.idx[c]])))
		default:
			h.idx[c] = i
		}
	}
	var missing []string
	for c := range numColumns {
		if c.required() && h.idx[c] < 0 {
			missing = append(missing, c.label())
		}
	}
	if len(missing) > 0 {
		fail("", "Brak wymaganych kolumn: "+strings.Join(missing, ", "))
	}
	if h.idx[colAccount] < 0 && h.idx[colPremises] < 0 {
		fail("", "Brak kolumny "+colAccount.label()+" i kolumny "+colPremises.label()+
			": plik musi mieć co najmniej jedną z nich")
	}
	return h
}

// allowedColumns lists the columns for a message about an unknown one.
func allowedColumns() string {
	names := make([]string, 0, numColumns)
	for c := range numColumns {
		names = append(names, c.label())
	}
	return strings.Join(names, ", ")
}

// has reports whether the file has column c.
func (h *header) has(c column) bool { return h.idx[c] >= 0 }

// name returns column c's name as the file spells it, or its canonical name
// if the file lacks it.
func (h *header) name(c column) string {
	if h.idx[c] < 0 {
		return c.name()
	}
	return h.names[h.idx[c]]
}
