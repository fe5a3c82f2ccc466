// Package pdf renders ebok's printable documents: the application forms for
// e-BOK and IKCS and the start-password printout handed over at the desk.
//
// Documents are Polish (their text is in text_pl.go), A4, set in the Go fonts
// so that every Polish letter and „quotes” print. A Renderer holds the fonts,
// checked once per process; every document builds its own fpdf instance, so
// one Renderer serves any number of goroutines.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// Font families registered in every document.
const (
	famSans = "go"
	famMono = "gomono"
)

// coverLimit bounds the runes the coverage table knows: the Go fonts cover
// Latin, Greek, Cyrillic and general punctuation, all below it. A rune at or
// above it, or one some face lacks, prints as '?'.
const coverLimit = 0x3000

// polishProbe must be covered by every face; NewRenderer refuses fonts that
// lack any of it.
const polishProbe = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ„”–·"

// face is one TrueType face and the fpdf family and style it is known by.
type face struct {
	family, style string
	ttf           []byte
	parsed        *fpdf.UTF8Font // ttf parsed by fpdf, once per Renderer
}

// Renderer renders the documents. It holds the font data, loaded, parsed
// (by fpdf as well) and checked once by NewRenderer, and is never changed
// afterwards, so it is safe for concurrent use: each call builds its own fpdf
// document, which shares the parsed fonts (fpdf is patched for that, see
// third_party/fpdf/PATCHES.md) and registers only the faces it uses.
type Renderer struct {
	faces []face
	// covered is a bit set over runes below coverLimit: set when every face
	// has a glyph for the rune.
	covered []uint64
}

// NewRenderer loads the Go fonts, checks that each parses and has every
// Polish letter, and records which characters all of them can print.
func NewRenderer() (*Renderer, error) {
	r := &Renderer{
		faces: []face{
			{family: famSans, ttf: bytes.Clone(goregular.TTF)},
			{family: famSans, style: "B", ttf: bytes.Clone(gobold.TTF)},
			{family: famMono, style: "B", ttf: bytes.Clone(gomonobold.TTF)},
		},
		covered: make([]uint64, coverLimit/64),
	}
	for i := range r.covered {
		r.covered[i] = ^uint64(0)
	}
	var buf sfnt.Buffer
	for i, fc := range r.faces {
		p, err := fpdf.ParseUTF8Font(fc.ttf)
		if err != nil {
			return nil, fmt.Errorf("pdf: font %s %q: fpdf: %w", fc.family, fc.style, err)
		}
		r.faces[i].parsed = p
		ft, err := sfnt.Parse(fc.ttf)
		if err != nil {
			return nil, fmt.Errorf("pdf: font %s %q: %w", fc.family, fc.style, err)
		}
		for c := rune(0); c < coverLimit; c++ {
			if !r.has(c) {
				continue
			}
			gi, err := ft.GlyphIndex(&buf, c)
			if err != nil {
				return nil, fmt.Errorf("pdf: font %s %q: glyph for %U: %w", fc.family, fc.style, c, err)
			}
			if gi == 0 {
				r.covered[c/64] &^= 1 << (c % 64)
			}
		}
	}
	for _, c := range polishProbe {
		if !r.has(c) {
			return nil, fmt.Errorf("pdf: the fonts lack %q", c)
		}
	}
	// fpdf parses fonts itself and only prints (rather than returns) a parse
	// error; a probe document proves it accepts every face.
	d := r.newDoc(Coop{}, "", r.faces)
	d.f.AddPage()
	for _, fc := range r.faces {
		d.f.SetFont(fc.family, fc.style, 10)
		d.f.CellFormat(0, 5, polishProbe, "", 1, "L", false, 0, "")
	}
	if err := d.f.Output(io.Discard); err != nil {
		return nil, fmt.Errorf("pdf: fonts rejected by fpdf: %w", err)
	}
	return r, nil
}

// ready reports a Renderer that NewRenderer did not make.
func (r *Renderer) ready() error {
	if r == nil || len(r.faces) == 0 || len(r.covered) == 0 {
		return errors.New("pdf: Renderer not created by NewRenderer")
	}
	return nil
}

// has reports whether every face has a glyph for c.
func (r *Renderer) has(c rune) bool {
	return c >= 0 && c < coverLimit && r.covered[c/64]&(1<<(c%64)) != 0
}

// clean makes a value safe to print on one line: control characters and
// line breaks become spaces, runs of spaces collapse, and characters the
// fonts cannot print become '?'.
func (r *Renderer) clean(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, c := range s {
		if unicode.IsSpace(c) || unicode.IsControl(c) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if !r.has(c) {
			c = '?'
		}
		b.WriteRune(c)
	}
	return b.String()
}

// pick returns the faces a document uses (each given as family:style), so that fpdf parses no others.
func (r *Renderer) pick(want ...string) []face {
	out := make([]face, 0, len(want))
	for _, fc := range r.faces {
		for _, w := range want {
			if fc.family+":"+fc.style == w {
				out = append(out, fc)
			}
		}
	}
	return out
}

// output writes the finished document, reporting any error fpdf recorded
// while it was built.
func (d *doc) output(w io.Writer) error {
	if err := d.f.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if d.f.PageCount() == 0 {
		return errors.New("pdf: empty document")
	}
	if err := d.f.Output(w); err != nil {
		return fmt.Errorf("pdf: writing: %w", err)
	}
	return nil
}
