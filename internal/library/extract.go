package library

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"
	"unicode"
)

// Extractor reads the text layer of a PDF. It returns the text and the
// name of what read it, stored with the file ("pdftotext", "none").
type Extractor func(ctx context.Context, pdf []byte) (text, name string, err error)

// extractTimeout bounds one run of pdftotext, so that a hostile PDF cannot
// hold a publication (and its request) for long.
const extractTimeout = 30 * time.Second

// DefaultExtractor uses pdftotext (poppler-utils) when it is installed,
// and otherwise extracts nothing: a static ebok binary without poppler
// still publishes every PDF, searchable by title and number only.
func DefaultExtractor() Extractor {
	path, err := exec.LookPath("pdftotext")
	if err != nil {
		return NoText
	}
	return Pdftotext(path)
}

// NoText is the extractor of last resort: no text, said so.
func NoText(context.Context, []byte) (string, string, error) { return "", "none", nil }

// Pdftotext runs the pdftotext program at path on the PDF (given on
// standard input) with a timeout, and returns its UTF-8 text.
func Pdftotext(path string) Extractor {
	return func(ctx context.Context, pdf []byte) (string, string, error) {
		ctx, cancel := context.WithTimeout(ctx, extractTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, path, "-q", "-enc", "UTF-8", "-", "-")
		cmd.Stdin = bytes.NewReader(pdf)
		var out bytes.Buffer
		cmd.Stdout = &out
		if err := cmd.Run(); err != nil {
			if ctx.Err() != nil {
				return "", "", fmt.Errorf("library: pdftotext: %w", ctx.Err())
			}
			// A PDF poppler cannot read has no text for us; it is
			// published all the same.
			return "", "pdftotext", nil
		}
		return strings.ToValidUTF8(out.String(), ""), "pdftotext", nil
	}
}

// hasText reports whether extracted text holds any letter or digit: a
// scanned PDF gives only page breaks.
func hasText(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}
