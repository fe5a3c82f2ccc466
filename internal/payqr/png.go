package payqr

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"unicode/utf8"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
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

// level is the error correction level the ZBP recommendation sets. L
// keeps the symbol at the smallest version, so its modules are the largest
// a given printed size allows.
const level = qr.L

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
	code, err := qr.Encode(text, level, qr.Unicode)
	if err != nil {
		return nil, fmt.Errorf("payqr: QR code: %w", err)
	}
	img, err := raster(code, size)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("payqr: PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// raster draws code centred in a size × size two-colour image with a whole
// number of pixels per module and at least QuietZone modules of white
// around it.
func raster(code barcode.Barcode, size int) (*image.Paletted, error) {
	dim := code.Bounds().Dx()
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
			if !dark(code.At(mx, my)) {
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

// dark reports whether a module of the symbol is dark.
func dark(c color.Color) bool {
	y := color.GrayModel.Convert(c).(color.Gray).Y
	return y < 0x80
}
