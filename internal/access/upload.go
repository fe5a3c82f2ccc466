package access

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path/filepath"
	"strings"
	"unicode"
)

// MaxUpload is the largest attachment ebok accepts (10 MB).
const MaxUpload = 10 << 20

// Upload errors (shown through the message catalogue).
var (
	ErrUploadEmpty    = errors.New("access: empty file")
	ErrUploadTooLarge = errors.New("access: file larger than 10 MB")
	ErrUploadType     = errors.New("access: file is not a JPEG, PNG or PDF")
)

// Upload is a file attached to an application.
type Upload struct {
	Filename    string
	ContentType string
	Data        []byte
	SHA256      string
}

// CheckUpload decides a file's type by its content, never by its name or
// the browser's word, and refuses anything but JPEG, PNG and PDF.
func CheckUpload(filename string, data []byte) (Upload, error) {
	if len(data) == 0 {
		return Upload{}, ErrUploadEmpty
	}
	if len(data) > MaxUpload {
		return Upload{}, ErrUploadTooLarge
	}
	ct := sniff(data)
	if ct == "" {
		return Upload{}, ErrUploadType
	}
	sum := sha256.Sum256(data)
	return Upload{Filename: cleanName(filename, ct), ContentType: ct, Data: data, SHA256: hex.EncodeToString(sum[:])}, nil
}

// sniff recognises the three accepted formats by their signatures; a PDF
// must also carry its end marker, so that a truncated upload is refused.
func sniff(b []byte) string {
	switch {
	case len(b) > 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(b, []byte("%PDF-")) && bytes.Contains(b[max(0, len(b)-1024):], []byte("%%EOF")):
		return "application/pdf"
	}
	return ""
}

// cleanName keeps a safe base name with the right extension.
func cleanName(name, ct string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, name)
	ext := map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}[ct]
	base := strings.TrimSuffix(name, filepath.Ext(name))
	if base == "" || base == "." || base == "_" {
		base = "zalacznik"
	}
	if len(base) > 80 {
		base = base[:80]
	}
	return base + ext
}
