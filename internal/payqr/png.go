package payqr

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"sync"
	"unicode/utf8"
)

// Sizes of the symbol.
const (
	// RecommendedSize is the size in pixels the ZBP recommendation gives
	// for a code shown on screen.
	RecommendedSize = 250
	// MinPrintMM is the smallest printed size the recommendation allows,
	// in millimetres per side.
	MinPrintMM = 18
	// QuietZone is the white margin around the symbol, in modules; ISO/IEC
	// 18004 requires 4.
	QuietZone = 4
)

// PNG renders text (normally made by Encode) as a QR code in a square PNG
// image of size × size pixels, black on white.
//
// The symbol uses byte mode, so the UTF-8 text is carried as it is (without
// an ECI header, which many readers do not understand), error correction
// level L as the ZBP recommendation sets, and a quiet zone of at least
// QuietZone modules on every side. Every module is the same whole number
// of pixels, so the image stays sharp; what is left over widens the quiet
// zone. A size too small for one pixel per module is refused.
func PNG(text string, size int) ([]byte, error) {
	if text == "" {
		return nil, errors.New("payqr: empty QR code text")
	}
	if !utf8.ValidString(text) {
		return nil, errors.New("payqr: QR code text is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(text); n > MaxLength {
		return nil, fmt.Errorf("payqr: QR code text of %d characters, at most %d allowed", n, MaxLength)
	}
	code, err := encodeSymbol([]byte(text))
	if err != nil {
		return nil, err
	}
	return writePNG(code, size)
}

// writePNG draws code centred in a size × size one-bit greyscale PNG (0
// black, 1 white) with a whole number of pixels per module and at least
// QuietZone modules of white around it. Each row of modules is packed into
// bits once and repeated for its pixel rows; the rows are not filtered (a
// two-colour image gains nothing from it) and deflated at the fastest
// level. image/png did the same through an interface call per pixel, a
// tenth of an uncached overview's CPU.
func writePNG(code *symbol, size int) ([]byte, error) {
	dim := code.size
	modules := dim + 2*QuietZone
	scale := size / modules
	if scale < 1 {
		return nil, fmt.Errorf("payqr: QR code needs at least %d × %d pixels, asked for %d", modules, modules, size)
	}
	origin := (size - dim*scale) / 2
	rowLen := 1 + (size+7)/8 // the filter byte (0: none), then the bits
	white := whiteRow(size, rowLen)
	raw := make([]byte, 0, rowLen*size)
	for y := 0; y < size; y++ {
		my := (y - origin) / scale
		if y < origin || my >= dim {
			raw = append(raw, white...)
			continue
		}
		if (y-origin)%scale != 0 {
			raw = append(raw, raw[len(raw)-rowLen:]...) // the row above, same modules
			continue
		}
		raw = append(raw, white...)
		row := raw[len(raw)-rowLen:]
		for mx := range dim {
			if !code.at(mx, my) {
				continue
			}
			for x := origin + mx*scale; x < origin+(mx+1)*scale; x++ {
				row[1+x/8] &^= 0x80 >> (x % 8)
			}
		}
	}
	return pngFile(size, raw)
}

// whiteRow is one unfiltered row of size white pixels, with the padding
// bits of its last byte white as well.
func whiteRow(size, rowLen int) []byte {
	row := make([]byte, rowLen)
	for i := 1; i < rowLen; i++ {
		row[i] = 0xff
	}
	return row
}

// deflaters keeps zlib writers between images: a fresh one allocates far
// more than compressing a QR code needs.
var deflaters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return w
}}

// pngFile wraps raw one-bit greyscale rows of a size × size image into a
// PNG file: signature, IHDR, one IDAT, IEND.
func pngFile(size int, raw []byte) ([]byte, error) {
	var idat bytes.Buffer
	z := deflaters.Get().(*zlib.Writer)
	z.Reset(&idat)
	_, err := z.Write(raw)
	if err == nil {
		err = z.Close()
	}
	deflaters.Put(z)
	if err != nil {
		return nil, fmt.Errorf("payqr: PNG: %w", err)
	}
	out := make([]byte, 0, idat.Len()+64)
	out = append(out, "\x89PNG\r\n\x1a\n"...)
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(size))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(size))
	ihdr[8], ihdr[9] = 1, 0 // bit depth 1, greyscale; compression, filter, interlace 0
	out = pngChunk(out, "IHDR", ihdr[:])
	out = pngChunk(out, "IDAT", idat.Bytes())
	return pngChunk(out, "IEND", nil), nil
}

// pngChunk appends one chunk: length, type, data and the CRC of type and
// data.
func pngChunk(out []byte, kind string, data []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
	start := len(out)
	out = append(out, kind...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
}
