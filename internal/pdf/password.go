package pdf

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxCredential is the longest login or password printed, in characters;
// a credential is never shortened, so a longer one is refused.
const maxCredential = 48

// groupAbove is the longest password printed in one piece; longer ones are
// printed in groups of groupSize characters so that none is misread.
const (
	groupAbove = 8
	groupSize  = 4
)

// StartPassword writes the one-page printout handed over at the desk with a
// login and its one-time start password: the credentials in a large
// monospaced font, that the password must be changed at first login and
// expires unused on s.ExpiresOn, where to log in and which panel to use, how
// to keep the password secret, and, below a cut line, a receipt without the
// password for the person to sign and the cooperative to keep.
func (r *Renderer) StartPassword(w io.Writer, c Coop, s StartPasswordData) error {
	if err := r.ready(); err != nil {
		return err
	}
	s, err := r.cleanStartPassword(s)
	if err != nil {
		return err
	}
	t := passwordTextFor(s.Service)
	d := r.newDoc(c, plPassTitle+" – "+t.short, r.pick(famSans+":", famSans+":B", famMono+":B"))
	f := d.f
	f.SetAutoPageBreak(false, marginBottom) // one page, laid out by hand
	f.AddPage()
	d.passwordHead(t.service, s.PersonName)
	d.credentials(t.loginLabel, s.Login, s.Password)
	d.passwordRules(s, t.whereF)

	// The receipt fills the bottom of the page; the cut line goes above it.
	const receiptTop = pageH - marginBottom - 62
	if f.GetY() > receiptTop-8 {
		return errors.New("pdf: start password printout does not fit on one page")
	}
	d.cutLine(receiptTop - 6)
	d.receipt(receiptTop, t.short, s)
	if n := f.PageCount(); n != 1 {
		return fmt.Errorf("pdf: start password printout takes %d pages", n)
	}
	return d.output(w)
}

// cleanStartPassword checks what a start password printout needs (a known
// service, credentials that print exactly, an expiry date) and returns s
// with its other values made safe to print. The credentials are refused
// rather than cleaned: a changed character would lock the person out.
func (r *Renderer) cleanStartPassword(s StartPasswordData) (StartPasswordData, error) {
	if err := s.Service.valid(); err != nil {
		return s, err
	}
	if err := r.verbatim("login", s.Login); err != nil {
		return s, err
	}
	if err := r.verbatim("password", s.Password); err != nil {
		return s, err
	}
	s.PersonName = r.clean(s.PersonName)
	s.ExpiresOn = r.clean(s.ExpiresOn)
	s.IssuedOn = r.clean(s.IssuedOn)
	s.IssuedBy = r.clean(s.IssuedBy)
	s.LoginURL = r.clean(s.LoginURL)
	if s.ExpiresOn == "" {
		return s, errors.New("pdf: start password without an expiry date")
	}
	return s, nil
}

// passwordText is the wording of a start password printout that depends
// on the service.
type passwordText struct {
	service    string // the service's full name, under the title
	short      string // the service's short name, in the document title and receipt
	loginLabel string // what the login is called in this service
	whereF     string // where to log in; %s is the address
}

// passwordTextFor returns the wording for service, which is valid.
func passwordTextFor(service Service) passwordText {
	if service == ServiceIKCS {
		return passwordText{service: plServiceIKCSLong, short: plServiceIKCS, loginLabel: plPassLoginIKCS, whereF: plPassWhereIKCSF}
	}
	return passwordText{service: plServiceEBOKLong, short: plServiceEBOK, loginLabel: plPassLoginEBOK, whereF: plPassWhereEBOKF}
}

// passwordHead prints the printout's title, the service's full name and,
// when known, whom the login is for.
func (d *doc) passwordHead(service, person string) {
	f := d.f
	d.font(famSans, "B", 20)
	f.CellFormat(contentW, 9, plPassTitle, "", 1, "C", false, 0, "")
	d.font(famSans, "B", d.fit(famSans, "B", service, 12, 9, contentW))
	f.CellFormat(contentW, 6, service, "", 1, "C", false, 0, "")
	f.Ln(4)
	if person == "" {
		return
	}
	d.font(famSans, "", sizeBody)
	f.SetTextColor(greyText, greyText, greyText)
	lw := f.GetStringWidth(plPassPerson) + 2
	f.CellFormat(lw, 6, plPassPerson, "", 0, "L", false, 0, "")
	f.SetTextColor(0, 0, 0)
	d.font(famSans, "B", d.fit(famSans, "B", person, 12, 8, contentW-lw))
	f.CellFormat(contentW-lw, 6, ellipsize(f, person, contentW-lw), "", 1, "L", false, 0, "")
	f.Ln(3)
}

// passwordRules prints what to do with the password (change it at first
// login, before it expires), where to log in (the login address, else the
// cooperative's website), how to keep it secret, and when and by whom it
// was issued.
func (d *doc) passwordRules(s StartPasswordData, whereF string) {
	f := d.f
	where := plPassWhereSite
	if s.LoginURL != "" {
		where = s.LoginURL
	} else if d.coop.Website != "" {
		where = d.coop.Website
	}
	d.block(sizeBody, 2, run{"B", plPassChangeLead}, run{"", plPassChange})
	d.block(sizeBody, 2, run{"B", plPassExpiresLead}, run{"", fmt.Sprintf(plPassExpiresF, s.ExpiresOn)})
	d.block(sizeBody, 2, run{"B", plPassWhereLead}, run{"", fmt.Sprintf(whereF, where)})
	d.block(sizeBody, 2, run{"B", plPassSecretLead}, run{"", plPassSecret})

	issued := joinNonEmpty("     ", issuedOn(s.IssuedOn), issuedBy(s.IssuedBy))
	if issued != "" {
		f.Ln(1)
		d.font(famSans, "", sizeBody)
		f.CellFormat(contentW, lineH(sizeBody), ellipsize(f, issued, contentW), "", 1, "L", false, 0, "")
	}
}

// verbatim checks that a credential can be printed exactly as it is: not
// empty, no spaces or control characters, every character in the fonts.
func (r *Renderer) verbatim(what, s string) error {
	if s == "" {
		return fmt.Errorf("pdf: empty %s", what)
	}
	if n := utf8.RuneCountInString(s); n > maxCredential {
		return fmt.Errorf("pdf: %s of %d characters, at most %d can be printed", what, n, maxCredential)
	}
	for _, c := range s {
		if unicode.IsSpace(c) || unicode.IsControl(c) || !r.has(c) {
			return fmt.Errorf("pdf: %s has a character that cannot be printed unambiguously (%U)", what, c)
		}
	}
	return nil
}

// groups splits a long password into groups of groupSize characters.
func groups(password string) string {
	rs := []rune(password)
	if len(rs) <= groupAbove {
		return password
	}
	var b strings.Builder
	for i, c := range rs {
		if i > 0 && i%groupSize == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func issuedOn(s string) string {
	if s == "" {
		return ""
	}
	return fmt.Sprintf(plPassIssuedOnF, s)
}

func issuedBy(s string) string {
	if s == "" {
		return ""
	}
	return fmt.Sprintf(plPassIssuedByF, s)
}

// credentials prints the framed login and password.
func (d *doc) credentials(loginLabel, login, password string) {
	f := d.f
	const pad = 6.0
	inner := contentW - 2*pad
	shown := groups(password)
	hint := plPassCaseHint
	if shown != password {
		hint = plPassGroupedHint
	}
	y := f.GetY()
	x := marginX + pad
	label := func(s string) {
		f.SetTextColor(greyText, greyText, greyText)
		d.font(famSans, "", sizeBody)
		f.SetX(x)
		f.CellFormat(inner, lineH(sizeBody), s, "", 1, "L", false, 0, "")
		f.SetTextColor(0, 0, 0)
	}
	f.SetY(y + pad - 1)
	label(loginLabel)
	d.font(famMono, "B", d.fit(famMono, "B", login, 18, 9, inner))
	f.SetX(x)
	f.CellFormat(inner, 9, login, "", 1, "L", false, 0, "")
	f.Ln(3)
	label(plPassPassword)
	d.font(famMono, "B", d.fit(famMono, "B", shown, 24, 10, inner))
	f.SetX(x)
	f.CellFormat(inner, 12, shown, "", 1, "L", false, 0, "")
	d.font(famSans, "", sizeBody)
	f.SetX(x)
	f.CellFormat(inner, lineH(sizeBody), hint, "", 1, "L", false, 0, "")
	bottom := f.GetY() + pad - 2
	f.SetDrawColor(0, 0, 0)
	f.SetLineWidth(0.6)
	f.Rect(marginX, y, contentW, bottom-y, "D")
	f.SetY(bottom + 6)
}

// cutLine draws a dashed line across the page at y, captioned „tu odetnij”.
func (d *doc) cutLine(y float64) {
	f := d.f
	d.font(famSans, "", sizeFooter+1)
	tw := f.GetStringWidth(plPassCut) + 6
	mid := pageW / 2
	f.SetDrawColor(greyLight-40, greyLight-40, greyLight-40)
	f.SetLineWidth(0.3)
	f.SetDashPattern([]float64{2, 1.5}, 0)
	f.Line(8, y, mid-tw/2, y)
	f.Line(mid+tw/2, y, pageW-8, y)
	f.SetDashPattern(nil, 0)
	f.SetDrawColor(0, 0, 0)
	f.SetTextColor(greyLight-40, greyLight-40, greyLight-40)
	f.SetXY(mid-tw/2, y-2)
	f.CellFormat(tw, 4, plPassCut, "", 0, "C", false, 0, "")
	f.SetTextColor(0, 0, 0)
}

// receipt prints the part the cooperative keeps: who received which login,
// and their signature; never the password.
func (d *doc) receipt(y float64, service string, s StartPasswordData) {
	f := d.f
	f.SetY(y)
	d.font(famSans, "B", sizeHeading)
	f.CellFormat(contentW, 6, plReceiptTitle, "", 1, "L", false, 0, "")
	f.Ln(1.5)
	lh := lineH(sizeBody) + 0.6
	row := func(label, value string) {
		d.font(famSans, "", sizeBody)
		f.SetTextColor(greyText, greyText, greyText)
		f.CellFormat(32, lh, label, "", 0, "L", false, 0, "")
		f.SetTextColor(0, 0, 0)
		if value == "" { // left for the staff to write in
			f.SetDrawColor(greyLine, greyLine, greyLine)
			f.SetLineWidth(0.3)
			f.SetDashPattern([]float64{0.6, 0.8}, 0)
			f.Line(f.GetX(), f.GetY()+lh-0.5, f.GetX()+80, f.GetY()+lh-0.5)
			f.SetDashPattern(nil, 0)
			f.SetDrawColor(0, 0, 0)
			f.Ln(lh)
			return
		}
		d.font(famSans, "B", d.fit(famSans, "B", value, sizeBody, 7, contentW-32))
		f.CellFormat(contentW-32, lh, ellipsize(f, value, contentW-32), "", 1, "L", false, 0, "")
	}
	row(plPassPerson, s.PersonName)
	row(plReceiptService, service)
	row(plReceiptLogin, s.Login)
	by := ""
	if s.IssuedBy != "" {
		by = fmt.Sprintf(plReceiptIssuedByF, s.IssuedBy)
	}
	row(plReceiptIssued, joinNonEmpty(", ", s.IssuedOn, by))
	f.Ln(2)
	d.font(famSans, "", sizeBody)
	f.MultiCell(contentW, lineH(sizeBody), plReceiptStatement, "", "L", false)
	line := f.GetY() + 14
	d.signLine(marginX, line, 75, plReceiptSignPers)
	d.signLine(marginX+contentW-75, line, 75, plReceiptSignStaff)
}
