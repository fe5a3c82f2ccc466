package web

import (
	"errors"
	"net/http"

	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/ledgercsv"
)

// importPage checks and posts ledger exports from the accounting system.
type importPage struct {
	Page
	Result   *ledger.ImportResult
	Problems []ledgercsv.Problem
	Omitted  int
	DryRun   bool
	Filename string
	Error    string
}

func (s *Server) staffImport(w http.ResponseWriter, r *http.Request) error {
	p := importPage{Page: s.page(r, "import.title")}
	p.Section = "import"
	return s.render(w, r, http.StatusOK, "staff_import", p)
}

// staffImportRun checks a file (dry run) or posts it, all or nothing.
func (s *Server) staffImportRun(w http.ResponseWriter, r *http.Request) error {
	p := importPage{Page: s.page(r, "import.title")}
	p.Section = "import"
	file, hdr, err := r.FormFile("file")
	if err != nil {
		p.Error = p.L.T("import.error.file")
		return s.render(w, r, http.StatusUnprocessableEntity, "staff_import", p)
	}
	defer file.Close()
	p.DryRun, p.Filename = r.PostFormValue("apply") != "yes", hdr.Filename
	res, err := s.Ledger.ImportLedger(r.Context(), actorOf(r), hdr.Filename, file, p.DryRun)
	if res != nil {
		p.Result = res
		p.Problems = ledgercsv.InLineOrder(res.Report.Problems, res.Problems)
		p.Omitted = res.Report.Omitted
	}
	status := http.StatusOK
	switch {
	case errors.Is(err, ledger.ErrImportRefused):
		status = http.StatusUnprocessableEntity
	case err != nil:
		return err
	case len(p.Problems) > 0:
		status = http.StatusUnprocessableEntity
	}
	return s.render(w, r, status, "staff_import", p)
}
