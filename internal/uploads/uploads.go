// Package uploads checks files that people attach: the type is decided by
// the content, never by the name or the browser's word; the name is reduced
// to a safe base name with the right extension; size and count are bounded
// by a Policy; and every accepted file carries its SHA-256.
package uploads

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Content types the sniffer recognises; a Policy lists some of them.
const (
	// JPEG is a JPEG image.
	JPEG = "image/jpeg"
	// PNG is a PNG image.
	PNG = "image/png"
	// PDF is a PDF document that carries its end marker.
	PDF = "application/pdf"
)

// Errors Check and CheckCount return; callers map them to messages with
// errors.Is.
var (
	// ErrEmpty is returned for a file with no bytes.
	ErrEmpty = errors.New("uploads: empty file")
	// ErrTooLarge is returned for a file over the policy's MaxBytes.
	ErrTooLarge = errors.New("uploads: file too large")
	// ErrType is returned for a file whose content is not one of the
	// policy's Types.
	ErrType = errors.New("uploads: file type not accepted")
	// ErrTooMany is returned for more files than the policy's MaxFiles.
	ErrTooMany = errors.New("uploads: too many files")
	// ErrDamaged is returned for a file that starts as a PDF but lacks its
	// end marker: cut short on the way, or damaged. It is an ErrType too,
	// for callers that tell no more apart.
	ErrDamaged = fmt.Errorf("%w: a PDF without its end, cut short or damaged", ErrType)
)

// Policy is what one kind of upload accepts. The zero Policy accepts
// nothing.
type Policy struct {
	// MaxBytes is the largest file accepted, in bytes.
	MaxBytes int64
	// MaxFiles is how many files one submission may carry.
	MaxFiles int
	// Types are the accepted content types, among JPEG, PNG and PDF.
	Types []string
}

// Applications is the policy for files attached to an application for
// access: JPEG, PNG or PDF, up to 10 MB each, at most 3 files. Do not
// modify it.
var Applications = Policy{MaxBytes: 10 << 20, MaxFiles: 3, Types: []string{JPEG, PNG, PDF}}

// LetterAttachments is the policy for PDFs staff attach to a letter out
// (e-Korespondencja): PDF only, up to 5 MB each, at most 3 files, since
// each is sent with every copy. Do not modify it.
var LetterAttachments = Policy{MaxBytes: 5 << 20, MaxFiles: 3, Types: []string{PDF}}

// Messages is the policy for files attached to a resident's message to the
// cooperative (and kept from mail read from its mailbox): JPEG, PNG or PDF,
// up to 10 MB each, at most 3 files. Do not modify it.
var Messages = Policy{MaxBytes: 10 << 20, MaxFiles: 3, Types: []string{JPEG, PNG, PDF}}

// Library is the policy for the PDFs of the members' library: one PDF of
// at most 50 MB per upload. Do not modify it.
var Library = Policy{MaxBytes: 50 << 20, MaxFiles: 1, Types: []string{PDF}}

// File is a file that passed Check.
type File struct {
	// Filename is the safe base name, with the extension of ContentType.
	Filename string
	// ContentType is the type the content showed, one of the policy's Types.
	ContentType string
	// Data is the file's content.
	Data []byte
	// SHA256 is the hex-encoded SHA-256 of Data.
	SHA256 string
}

// Check accepts a file the policy allows: not empty, at most MaxBytes, and
// of a type in Types as its content shows. The name only supplies the base
// of the returned File's Filename.
func (p Policy) Check(filename string, data []byte) (File, error) {
	if len(data) == 0 {
		return File{}, ErrEmpty
	}
	if int64(len(data)) > p.MaxBytes {
		return File{}, ErrTooLarge
	}
	ct := sniff(data)
	if ct == "" && slices.Contains(p.Types, PDF) && bytes.HasPrefix(data, []byte("%PDF-")) {
		return File{}, ErrDamaged
	}
	if ct == "" || !slices.Contains(p.Types, ct) {
		return File{}, ErrType
	}
	sum := sha256.Sum256(data)
	return File{Filename: cleanName(filename, ct), ContentType: ct, Data: data, SHA256: hex.EncodeToString(sum[:])}, nil
}

// CheckCount returns ErrTooMany when n files are more than the policy's
// MaxFiles. Whether no file at all is acceptable is the caller's decision.
func (p Policy) CheckCount(n int) error {
	if n > p.MaxFiles {
		return ErrTooMany
	}
	return nil
}

// sniff recognises the three known formats by their signatures; a PDF
// must also carry its end marker, so that a truncated upload is refused.
func sniff(b []byte) string {
	switch {
	case len(b) > 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return JPEG
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(b, []byte("%PDF-")) && bytes.Contains(b[max(0, len(b)-1024):], []byte("%%EOF")):
		return PDF
	}
	return ""
}

// extensions maps each known content type to the extension its files get.
var extensions = map[string]string{JPEG: ".jpg", PNG: ".png", PDF: ".pdf"}

// cleanName keeps a safe base name, valid UTF-8 of at most 80 bytes, with
// the right extension.
func cleanName(name, ct string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, name)
	base := strings.TrimSuffix(name, filepath.Ext(name))
	if base == "" || base == "." || base == "_" {
		base = "zalacznik"
	}
	if len(base) > 80 { // at most 80 bytes, cut between letters
		n := 80
		for !utf8.RuneStart(base[n]) {
			n--
		}
		base = base[:n]
	}
	return base + extensions[ct]
}
