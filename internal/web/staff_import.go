package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/ledgercsv"
)

// importPage checks and posts ledger exports from the accounting system:
// a file is checked first (a dry run), and posted only when staff confirm
// the check with the same file, known by its SHA-256.
type importPage struct {
	Page
	Result   *ledger.ImportResult
	Problems []ledgercsv.Problem
	Omitted  int
	DryRun   bool
	Filename string
	// SHA256 is the hex SHA-256 of the file checked, which the
	// confirmation must match.
	SHA256 string
	Error  string
}

func (s *Server) staffImport(w http.ResponseWriter, r *http.Request) error {
	p := importPage{Page: s.page(r, "import.title")}
	p.Section = "import"
	return s.render(w, r, http.StatusOK, "staff_import", p)
}

// staffImportRun checks a file (dry run) or, confirming a check of the
// same file, posts it, all or nothing.
func (s *Server) staffImportRun(w http.ResponseWriter, r *http.Request) error {
	p := importPage{Page: s.page(r, "import.title")}
	p.Section = "import"
	file, hdr, err := r.FormFile("file")
	if err != nil {
		p.Error = p.L.T("import.error.file")
		return s.render(w, r, http.StatusUnprocessableEntity, "staff_import", p)
	}
	defer file.Close()
	h := sha256.New()
	if _, err := io.Copy(h, file); err != nil {
		return err
	}
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	p.SHA256 = hex.EncodeToString(h.Sum(nil))
	p.DryRun, p.Filename = r.PostFormValue("apply") != "yes", hdr.Filename
	if !p.DryRun {
		switch checked := r.PostFormValue("sha256"); {
		case checked == "":
			p.Error = p.L.T("import.error.unchecked")
		case checked != p.SHA256:
			p.Error = p.L.T("import.error.changed")
		}
		if p.Error != "" {
			return s.render(w, r, http.StatusConflict, "staff_import", p)
		}
	}
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
	case !p.DryRun:
		return s.flashRedirect(w, r, "/staff/import", "flash.import", p.Filename, strconv.Itoa(res.New), strconv.Itoa(res.Rows))
	}
	return s.render(w, r, status, "staff_import", p)
}
