package library

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// Reading scans (optional): a PDF published without a text layer is
// marked "bez warstwy tekstowej" for staff and found by its title and
// number only. Where poppler's pdftoppm and tesseract with the Polish
// language data (Debian: tesseract-ocr-pol) are installed, ebok reads such
// a file's pages in the background, stores the text as the file's own
// (extractor "tesseract") and indexes the document again.

// OCR reads the text of a scanned PDF.
type OCR func(ctx context.Context, pdf []byte) (string, error)

const (
	// ocrDPI is the resolution pages are rendered at for tesseract.
	ocrDPI = 300
	// ocrMaxPages bounds the pages read of one file.
	ocrMaxPages = 200
	// ocrTimeout bounds the reading of one file.
	ocrTimeout = 20 * time.Minute
	// ocrLease is how long a file being read is left to the node reading
	// it; one whose reading died is tried again after it, at most
	// ocrAttempts times in all.
	ocrLease    = time.Hour
	ocrAttempts = 3
)

// DefaultOCR is Tesseract when pdftoppm and tesseract with Polish are
// installed, nil (no reading of scans) otherwise.
func DefaultOCR(ctx context.Context) OCR {
	pdftoppm, err := exec.LookPath("pdftoppm")
	if err != nil {
		return nil
	}
	tesseract, err := exec.LookPath("tesseract")
	if err != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, tesseract, "--list-langs").Output()
	if err != nil || !slices.Contains(strings.Fields(string(out)), "pol") {
		return nil
	}
	return Tesseract(pdftoppm, tesseract)
}

// Tesseract renders the pages of a PDF with the pdftoppm program and reads
// each with the tesseract program in Polish; the pages' texts are joined
// with form feeds, as pdftotext separates pages.
func Tesseract(pdftoppm, tesseract string) OCR {
	return func(ctx context.Context, pdf []byte) (string, error) {
		ctx, cancel := context.WithTimeout(ctx, ocrTimeout)
		defer cancel()
		dir, err := os.MkdirTemp("", "ebok-ocr-*")
		if err != nil {
			return "", fmt.Errorf("library: ocr: %w", err)
		}
		defer os.RemoveAll(dir)
		in := filepath.Join(dir, "scan.pdf")
		if err := os.WriteFile(in, pdf, 0o600); err != nil {
			return "", fmt.Errorf("library: ocr: %w", err)
		}
		render := exec.CommandContext(ctx, pdftoppm, "-r", strconv.Itoa(ocrDPI), "-gray", "-png",
			"-l", strconv.Itoa(ocrMaxPages), in, filepath.Join(dir, "page"))
		if out, err := render.CombinedOutput(); err != nil {
			return "", fmt.Errorf("library: ocr: pdftoppm: %w: %s", err, bytes.TrimSpace(out))
		}
		pages, err := filepath.Glob(filepath.Join(dir, "page-*.png"))
		if err != nil {
			return "", fmt.Errorf("library: ocr: %w", err)
		}
		slices.Sort(pages) // pdftoppm pads the page numbers to one width
		texts := make([]string, 0, len(pages))
		for _, page := range pages {
			var out, stderr bytes.Buffer
			read := exec.CommandContext(ctx, tesseract, page, "stdout", "-l", "pol")
			read.Stdout, read.Stderr = &out, &stderr
			if err := read.Run(); err != nil {
				return "", fmt.Errorf("library: ocr: tesseract %s: %w: %s", filepath.Base(page), err, bytes.TrimSpace(stderr.Bytes()))
			}
			texts = append(texts, strings.ToValidUTF8(out.String(), ""))
		}
		return strings.Join(texts, "\f"), nil
	}
}

// scan is a file waiting to be read.
type scan struct {
	id, coopID, docID int64
	data              []byte
}

// ReadScans reads, with ocr, the next file published without a text
// layer, if any, and reports whether there was one. Several nodes may run
// it: each file is taken by one, for ocrLease. The text found (possibly
// none, for a blank page) is the file's from then on, and the document is
// indexed again; a file whose reading failed is tried again after the
// lease, ocrAttempts times in all.
func (s *Service) ReadScans(ctx context.Context, ocr OCR) (bool, error) {
	sc, err := s.takeScan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("library: take a scan: %w", err)
	}
	text, err := ocr(ctx, sc.data)
	if err != nil {
		return true, fmt.Errorf("library: read scan %d: %w", sc.id, err)
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE library_files SET text = $1, has_text = $2, extractor = 'tesseract',
			ocr_done_at = $3 WHERE id = $4`, text, hasText(text), s.now(), sc.id); err != nil {
			return err
		}
		return s.reindex(ctx, tx, sc.coopID, sc.docID)
	})
	if err != nil {
		return true, fmt.Errorf("library: store the text of scan %d: %w", sc.id, err)
	}
	return true, nil
}

// takeScan takes the oldest file without a text layer that is not being
// read (sql.ErrNoRows: none).
func (s *Service) takeScan(ctx context.Context) (scan, error) {
	var sc scan
	now := s.now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		const waiting = `NOT has_text AND ocr_done_at IS NULL AND ocr_attempts < $2
			AND (ocr_started_at IS NULL OR ocr_started_at <= $3)`
		return tx.QueryRowContext(ctx, `UPDATE library_files SET ocr_attempts = ocr_attempts + 1, ocr_started_at = $1
			WHERE id = (SELECT id FROM library_files WHERE `+waiting+` ORDER BY id LIMIT 1) AND `+waiting+`
			RETURNING id, coop_id, document_id, data`, now, ocrAttempts, now.Add(-ocrLease)).
			Scan(&sc.id, &sc.coopID, &sc.docID, &sc.data)
	})
	return sc, err
}
