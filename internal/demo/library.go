package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/library"
)

// RenderPDF renders a plain document (title and paragraphs) as a PDF.
type RenderPDF func(title string, paragraphs []string) ([]byte, error)

// libraryDoc is one document of the demo library; Supersedes names the
// index of an earlier entry it replaced (-1: none), Anonymised adds the
// anonymised version of a document carrying personal data.
type libraryDoc struct {
	draft      library.Draft
	text       []string
	supersedes int
	anonymised []string
}

// Library publishes the demo cooperative's library, adopted in the years
// before today: the statute, a dozen regulations (some with two
// versions), about two hundred resolutions over ten years, minutes (one
// with its anonymised version), audit reports and financial statements.
// The PDFs are real, so search works at once; their text is indexed as
// the demo wrote it (extractor "demo") rather than read back from each
// PDF, which would cost a pdftotext run per document.
func Library(ctx context.Context, lib *library.Service, render RenderPDF, coopID int64, today civil.Date) error {
	by := audit.System(coopID)
	docs := demoLibrary(today.Year)
	docs = append(docs, archive(today, len(docs))...)
	ids := make([]int64, len(docs))
	var written string
	known := *lib
	known.Extract = func(context.Context, []byte) (string, string, error) { return written, "demo", nil }
	lib = &known
	for i, d := range docs {
		data, err := render(d.draft.Title, d.text)
		if err != nil {
			return fmt.Errorf("demo: library PDF %q: %w", d.draft.Title, err)
		}
		written = d.draft.Title + "\n\n" + strings.Join(d.text, "\n\n")
		d.draft.PublishAt = d.draft.AdoptedOn.AddDays(3).In(time.UTC)
		if ids[i], err = lib.Publish(ctx, by, d.draft, library.Upload{Filename: "dokument.pdf", Data: data}); err != nil {
			return fmt.Errorf("demo: library %q: %w", d.draft.Title, err)
		}
		if d.anonymised != nil {
			anon, err := render(d.draft.Title+" (wersja zanonimizowana)", d.anonymised)
			if err != nil {
				return err
			}
			written = d.draft.Title + " (wersja zanonimizowana)\n\n" + strings.Join(d.anonymised, "\n\n")
			if err := lib.AddFile(ctx, by, ids[i], library.Upload{Filename: "zanonimizowany.pdf", Data: anon, Anonymised: true}); err != nil {
				return err
			}
		}
		if d.supersedes >= 0 {
			if err := lib.Supersede(ctx, by, ids[d.supersedes], ids[i]); err != nil {
				return err
			}
		}
	}
	return nil
}
