package library

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
	"github.com/go-pdf/fpdf"
)

// needOCR is the OCR of this machine; the test skips, visibly, without
// pdftoppm and tesseract with Polish (CI installs tesseract-ocr-pol).
func needOCR(t *testing.T) OCR {
	t.Helper()
	ocr := DefaultOCR(context.Background())
	if ocr == nil {
		t.Skip("pdftoppm or tesseract with Polish missing: apt-get install poppler-utils tesseract-ocr-pol (CI installs them)")
	}
	return ocr
}

// imagePDF is a PDF with no text layer showing the pages of the text PDF
// given as one picture each, as a scanner makes them.
func imagePDF(t *testing.T, text []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "text.pdf")
	if err := os.WriteFile(in, text, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	f := fpdf.New("P", "mm", "A4", "")
	f.AddPage()
	f.ImageOptions(filepath.Join(dir, "page.png"), 0, 0, 210, 297, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A scan published without a text layer is read in the background: its
// words become searchable, the file is marked as read by OCR, and it is
// read once.
func TestScansAreReadInTheBackground(t *testing.T) {
	ocr := needOCR(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		scan := imagePDF(t, e.textPDF("Regulamin pralni", "Zasady korzystania z pralni osiedlowej i suszarni."))
		id := e.publish(draft("Regulamin nr 3", "3/2026", Members), Upload{Filename: "skan.pdf", Data: scan})
		staff := e.reader(Staff, 1, 0)
		if hits, err := e.s.Find(e.ctx, staff, Query{Text: "suszarni"}); err != nil || len(hits) != 0 {
			t.Fatalf("before reading: %v, %v; want no hit", ids(hits), err)
		}
		read, err := e.s.ReadScans(e.ctx, ocr)
		if err != nil || !read {
			t.Fatalf("ReadScans: %v, %v", read, err)
		}
		hits, err := e.s.Find(e.ctx, staff, Query{Text: "suszarni"})
		if err != nil || len(hits) != 1 || hits[0].ID != id {
			t.Fatalf("after reading: %v, %v; want document %d", ids(hits), err, id)
		}
		doc, err := e.s.Get(e.ctx, staff, id)
		if err != nil {
			t.Fatal(err)
		}
		if f := doc.Files[0]; !f.HasText || f.Extractor != "tesseract" {
			t.Errorf("file after reading: has text %v, extractor %q; want text by tesseract", f.HasText, f.Extractor)
		}
		if read, err := e.s.ReadScans(e.ctx, ocr); err != nil || read {
			t.Errorf("second run: %v, %v; want nothing left", read, err)
		}
	})
}

// A file whose reading failed waits an hour, and is tried three times in
// all; a file with a text layer is never read.
func TestScanReadingRetriesThreeTimes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.publish(draft("Z tekstem", "", Members), Upload{Filename: "t.pdf", Data: e.textPDF("Tekst", "Zwykły dokument.")})
		e.publish(draft("Skan", "", Members), Upload{Filename: "s.pdf", Data: scanPDF(t)})
		calls := 0
		broken := func(context.Context, []byte) (string, error) { calls++; return "", errors.New("tesseract died") }
		start := e.now
		for try := 1; try <= 3; try++ {
			e.now = start.Add(time.Duration(try-1) * time.Hour)
			if read, err := e.s.ReadScans(e.ctx, broken); !read || err == nil {
				t.Fatalf("try %d: %v, %v; want a failed reading", try, read, err)
			}
			e.now = e.now.Add(time.Hour - time.Second)
			if read, err := e.s.ReadScans(e.ctx, broken); read || err != nil {
				t.Fatalf("try %d, 59 min 59 s later: %v, %v; want the file still leased", try, read, err)
			}
		}
		e.now = start.Add(5 * time.Hour)
		if read, err := e.s.ReadScans(e.ctx, broken); read || err != nil || calls != 3 {
			t.Fatalf("after three tries: %v, %v, %d calls; want no fourth", read, err, calls)
		}
	})
}
