// Package pdftext reads PDFs back for tests, through poppler's pdftotext:
// the text of each page, and each word with its box in millimetres from
// the page's top left corner, to check where things are printed.
package pdftext

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// ErrMissing is returned when pdftotext is not installed.
var ErrMissing = errors.New("pdftext: pdftotext missing (apt-get install poppler-utils)")

// Word is one word and its box, in millimetres, on its page (from 1).
type Word struct {
	Page                   int
	Text                   string
	XMin, YMin, XMax, YMax float64
}

// ptMM is one point in millimetres.
const ptMM = 25.4 / 72

// Text is the PDF's text laid out as on the page.
func Text(data []byte) (string, error) {
	out, err := run(data, "-layout")
	return strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(out), err
}

// Words are the PDF's words with their boxes, page by page.
func Words(data []byte) ([]Word, error) {
	out, err := run(data, "-bbox")
	if err != nil {
		return nil, err
	}
	var doc struct {
		Pages []struct {
			Words []struct {
				XMin float64 `xml:"xMin,attr"`
				YMin float64 `xml:"yMin,attr"`
				XMax float64 `xml:"xMax,attr"`
				YMax float64 `xml:"yMax,attr"`
				Text string  `xml:",chardata"`
			} `xml:"word"`
		} `xml:"body>doc>page"`
	}
	dec := xml.NewDecoder(strings.NewReader(out))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("pdftext: bbox output: %w", err)
	}
	var words []Word
	for i, p := range doc.Pages {
		for _, w := range p.Words {
			words = append(words, Word{Page: i + 1, Text: w.Text, XMin: w.XMin * ptMM, YMin: w.YMin * ptMM,
				XMax: w.XMax * ptMM, YMax: w.YMax * ptMM})
		}
	}
	return words, nil
}

// Find returns the words with the given text.
func Find(words []Word, text string) []Word {
	var out []Word
	for _, w := range words {
		if w.Text == text {
			out = append(out, w)
		}
	}
	return out
}

// tol is how far a box may stray, in millimetres (rounding of the PDF's
// coordinates).
const tol = 0.1

// InWindow reports whether a word lies within the address window of a DL
// envelope (DIN 5008 form B: 20 mm from the left, 45 mm from the top,
// 85 × 45 mm).
func (w Word) InWindow() bool {
	return w.XMin >= 20-tol && w.XMax <= 105+tol && w.YMin >= 45-tol && w.YMax <= 90+tol
}

// run runs pdftotext on data with a flag, to standard output.
func run(data []byte, flag string) (string, error) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return "", ErrMissing
	}
	cmd := exec.Command("pdftotext", flag, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("pdftext: pdftotext: %w", err)
	}
	return string(out), nil
}
