// Copyright ©2026 The ebok Authors. Use of this source code is governed by
// the MIT-style licence in the LICENSE file (the same terms as fpdf's).

// This file is an ebok patch to fpdf v0.9.0 (see PATCHES.md): a UTF-8
// TrueType font parsed once per process and added to any number of
// documents, instead of AddUTF8FontFromBytes parsing it again (and hashing
// its 65,536 character widths through encoding/json) for every document.

package fpdf

import (
	"errors"
	"fmt"
	"sync"
)

// UTF8Font is a TrueType font parsed once by ParseUTF8Font. It is never
// changed afterwards, so one UTF8Font may be added to any number of
// documents from any number of goroutines.
type UTF8Font struct {
	parsed utf8FontFile // the parse; each document gets a shallow copy
	desc   FontDescType

	mu  sync.Mutex
	ids map[string]string // font key → font ID (a hash of the definition)
}

// ParseUTF8Font parses a TrueType font for AddParsedUTF8Font. The font
// data must not be changed afterwards: documents read it when they embed
// the subset of the glyphs they use.
func ParseUTF8Font(utf8Bytes []byte) (*UTF8Font, error) {
	if len(utf8Bytes) == 0 {
		return nil, errors.New("fpdf: empty font")
	}
	u := newUTF8Font(&fileReader{array: utf8Bytes})
	if err := u.parseFile(); err != nil {
		return nil, err
	}
	cut, err := u.readCutTables()
	if err != nil {
		return nil, err
	}
	u.cut = cut
	return &UTF8Font{parsed: *u, ids: map[string]string{},
		desc: FontDescType{
			Ascent:       int(u.Ascent),
			Descent:      int(u.Descent),
			CapHeight:    u.CapHeight,
			Flags:        u.Flags,
			FontBBox:     u.Bbox,
			ItalicAngle:  u.ItalicAngle,
			StemV:        u.StemV,
			MissingWidth: round(u.DefaultWidth),
		}}, nil
}

// AddParsedUTF8Font registers a parsed font under a family and style, as
// AddUTF8FontFromBytes does with font data.
func (f *Fpdf) AddParsedUTF8Font(familyStr, styleStr string, font *UTF8Font) {
	if f.err != nil {
		return
	}
	if font == nil {
		f.err = errors.New("fpdf: nil parsed font")
		return
	}
	fontkey := getFontKey(fontFamilyEscape(familyStr), styleStr)
	if _, ok := f.fonts[fontkey]; ok {
		return
	}
	// The copy shares the parse's read-only parts (the font data, the
	// character widths); GenerateCutFont replaces, never changes in place,
	// every map and slice it fills, and reads the data through its own
	// reader.
	u := font.parsed
	u.fileReader = &fileReader{array: font.parsed.fileReader.array}
	var sbarr map[int]int
	if f.aliasNbPagesStr == "" {
		sbarr = makeSubsetRange(57)
	} else {
		sbarr = makeSubsetRange(32)
	}
	def := fontDefType{
		Tp:        "UTF8",
		Name:      fontkey,
		Desc:      font.desc,
		Up:        int(round(u.UnderlinePosition)),
		Ut:        round(u.UnderlineThickness),
		Cw:        u.CharWidths,
		utf8File:  &u,
		usedRunes: sbarr,
	}
	font.mu.Lock()
	id, ok := font.ids[fontkey]
	if !ok {
		id, _ = generateFontID(def)
		font.ids[fontkey] = id
	}
	font.mu.Unlock()
	def.i = id
	f.fonts[fontkey] = def
}

// cutTables are the parts of a font GenerateCutFont needs whatever runes a
// document uses: which glyph each character has (the Unicode cmap) and
// where each glyph starts (loca). Read once, they are never changed.
type cutTables struct {
	charSymbol     map[int]int
	symbolPosition []int
}

// readCutTables reads the cmap and loca of a parsed font, as
// GenerateCutFont used to for every document.
func (utf *utf8FontFile) readCutTables() (*cutTables, error) {
	utf.SeekTable("head")
	utf.skip(50)
	locaFormat := utf.readUint16()
	utf.SeekTable("maxp")
	utf.skip(4)
	numSymbols := utf.readUint16()
	if utf.generateCMAP() == nil {
		return nil, errors.New("fpdf: font has no Unicode cmap")
	}
	utf.parseLOCATable(locaFormat, numSymbols)
	if len(utf.symbolPosition) != numSymbols+1 {
		return nil, fmt.Errorf("fpdf: font has an unknown loca format %d", locaFormat)
	}
	return &cutTables{charSymbol: utf.charSymbolDictionary, symbolPosition: utf.symbolPosition}, nil
}
