package pdf

import "io"

// TextDoc writes a plain document: the cooperative's header, the title as
// its heading and the paragraphs below, wrapped. The members' library uses
// it for the demo cooperative's statute, regulations and resolutions.
func (r *Renderer) TextDoc(w io.Writer, c Coop, title string, paragraphs []string) error {
	if err := r.ready(); err != nil {
		return err
	}
	d := r.newDoc(c, title, r.pick(famSans+":", famSans+":B"))
	d.f.AddPage()
	d.heading(d.title)
	for _, p := range paragraphs {
		d.block(sizeBody, 2, run{text: r.clean(p)})
	}
	return d.output(w)
}
