package payqr

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
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
	img, err := raster(code, size)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	// The fastest compression: a two-colour QR code compresses well at any
	// level, and the best level cost the overview page 2 ms of CPU.
	enc := png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: encoderBuffers}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("payqr: PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// raster draws code centred in a size × size two-colour image with a whole
// number of pixels per module and at least QuietZone modules of white
// around it.
func raster(code *symbol, size int) (*image.Paletted, error) {
	dim := code.size
	modules := dim + 2*QuietZone
	scale := size / modules
	if scale < 1 {
		return nil, fmt.Errorf("payqr: QR code needs at least %d × %d pixels, asked for %d", modules, modules, size)
	}
	img := image.NewPaletted(image.Rect(0, 0, size, size), color.Palette{color.White, color.Black})
	// Index 0 is white, so the new image is all quiet zone.
	origin := (size - dim*scale) / 2
	for my := range dim {
		for mx := range dim {
			if !code.at(mx, my) {
				continue
			}
			x0, y0 := origin+mx*scale, origin+my*scale
			for y := y0; y < y0+scale; y++ {
				row := img.Pix[y*img.Stride:]
				for x := x0; x < x0+scale; x++ {
					row[x] = 1
				}
			}
		}
	}
	return img, nil
}

// pngBuffers keeps the PNG encoder's buffers and deflate state between
// images: a fresh compressor allocates far more than compressing a QR
// code needs (900 KB at the best compression).
type pngBuffers struct{ pool sync.Pool }

func (b *pngBuffers) Get() *png.EncoderBuffer {
	e, _ := b.pool.Get().(*png.EncoderBuffer)
	return e
}

func (b *pngBuffers) Put(e *png.EncoderBuffer) { b.pool.Put(e) }

// encoderBuffers is shared by every PNG this package writes; it holds no
// state that one image could pass to another.
var encoderBuffers = &pngBuffers{}
