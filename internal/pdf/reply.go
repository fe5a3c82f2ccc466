package pdf

import (
	"errors"
	"io"
	"strings"
)

// ReplyData is a reply of the cooperative to a resident's message, as a
// letter: a title, facts (label and value, already in the reader's
// language) and the text.
type ReplyData struct {
	Title string
	Facts [][2]string
	Body  string
}

// MessageReply renders a reply to a resident's message as a PDF letter on
// the cooperative's letterhead.
func (r *Renderer) MessageReply(w io.Writer, c Coop, data ReplyData) error {
	if err := r.ready(); err != nil {
		return err
	}
	if data.Title == "" || data.Body == "" {
		return errors.New("pdf: a reply needs a title and a text")
	}
	d := r.newDoc(c, data.Title, r.pick(famSans+":", famSans+":B"))
	f := d.f
	f.AddPage()
	d.font(famSans, "B", d.fit(famSans, "B", r.clean(data.Title), 16, 11, contentW))
	f.CellFormat(contentW, 8, ellipsize(f, r.clean(data.Title), contentW), "", 1, "L", false, 0, "")
	f.Ln(2)
	for _, fact := range data.Facts {
		d.block(sizeBody, 0.5, run{"B", r.clean(fact[0]) + ": "}, run{"", r.clean(fact[1])})
	}
	f.Ln(4)
	// clean joins lines, so the text is set paragraph by paragraph.
	for _, line := range strings.Split(data.Body, "\n") {
		if line = r.clean(line); line != "" {
			d.block(sizeValue, 1.5, run{"", line})
		}
	}
	return d.output(w)
}
