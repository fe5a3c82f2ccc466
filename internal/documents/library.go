package documents

import (
	"io"

	"github.com/ebok/ebok/internal/coop"
)

// LibraryPDF renders a plain text document of the members' library (the
// demo cooperative's statute, regulations and resolutions): title and
// paragraphs under the cooperative's header.
func (r *Renderer) LibraryPDF(c *coop.Cooperative, name, title string, paragraphs []string) (File, error) {
	return pdfFile(name, func(w io.Writer) error { return r.pdf.TextDoc(w, pdfCoop(c), title, paragraphs) })
}
