package pdf

import (
	"fmt"
	"io"
	"strings"
)

// formText is the wording that differs between the e-BOK form and the IKCS
// declaration.
type formText struct {
	title       string
	lead        string
	regulations string // instrumental: „zapoznałem się z …”
	serviceFull string // genitive: „dostęp do …”
	proof       string // what staff verify besides identity
	noun        string // accusative: „złożyć …”
	nounGen     string // genitive: „skan …”
	nounLoc     string // locative: „wpisany w …”
}

func formTexts(s Service) formText {
	if s == ServiceIKCS {
		return formText{
			title: plFormTitleIKCS, lead: plFormLeadIKCS, regulations: plRegulationsIKCS,
			serviceFull: plServiceIKCSFull, proof: plTitleProofMember,
			noun: plFormNounIKCS, nounGen: plFormNounGenIKCS, nounLoc: plHowToInFormIKCS,
		}
	}
	return formText{
		title: plFormTitleEBOK, lead: plFormLeadEBOK, regulations: plRegulationsEBOK,
		serviceFull: plServiceEBOKFull, proof: plTitleProofOfRole,
		noun: plFormNounEBOK, nounGen: plFormNounGenEBOK, nounLoc: plHowToInFormEBOK,
	}
}

// ApplicationForm writes the application for service as a PDF of one or two
// A4 pages: the e-BOK registration form (formularz zgłoszeniowy) or the IKCS
// declaration (oświadczenie). Values in fd are printed in their boxes; empty
// ones leave the box to be filled in by hand, so the zero FormData gives the
// blank form. The form ends with the consents, the signature, a box for the
// cooperative's staff, how to submit the form and the information clause
// on personal data (RODO).
func (r *Renderer) ApplicationForm(w io.Writer, c Coop, service Service, fd FormData) error {
	if err := r.ready(); err != nil {
		return err
	}
	if err := service.valid(); err != nil {
		return err
	}
	if err := fd.Role.valid(); err != nil {
		return err
	}
	if fd.RegulationVersion < 0 {
		return fmt.Errorf("pdf: negative regulation version %d", fd.RegulationVersion)
	}
	fd = r.cleanForm(fd)
	t := formTexts(service)

	d := r.newDoc(c, t.title, r.pick(famSans+":", famSans+":B"))
	d.f.AddPage()
	d.formTitle(t, fd, service)

	d.heading(plSectionPerson)
	d.fields(field{plFirstName, fd.FirstName, 1}, field{plLastName, fd.LastName, 1})
	d.fields(field{plStreet, fd.Street, 3.2}, field{plPostalCode, fd.PostalCode, 1}, field{plCity, fd.City, 2})
	d.fields(field{plEmailField, fd.Email, 3}, field{plPhoneField, fd.Phone, 2})

	d.heading(plSectionPremises)
	d.fields(field{plPremisesStreet, fd.PremisesStreet, 4}, field{plPremisesHouse, fd.PremisesHouse, 1.3}, field{plPremisesNumber, fd.PremisesNumber, 1.3})
	d.roleRow(fd.Role)
	if service == ServiceIKCS {
		d.registerNumber(fd.RegisterNumber)
	}

	d.heading(plSectionConsents)
	d.checkItem(fd.RegulationsAccepted,
		run{"B", plConsentRegulationsLead},
		run{"", regulationsText(t, fd)})
	d.checkItem(fd.EKorespondencja,
		run{"B", plConsentEKorLead},
		run{"", plConsentEKor})
	d.checkItem(fd.RegulationsAccepted,
		run{"B", plConsentRODOLead},
		run{"", plConsentRODO})

	d.signature()
	d.officeBox(fd.Reference)
	d.howTo(t)
	d.rodo(t)

	if n := d.f.PageCount(); n > 2 {
		// Only absurdly long values can get here; refuse rather than hand
		// out a form the office does not recognise.
		return fmt.Errorf("pdf: application form takes %d pages, at most 2 allowed", n)
	}
	return d.output(w)
}

// cleanForm makes every value printable on one line.
func (r *Renderer) cleanForm(fd FormData) FormData {
	for _, s := range []*string{
		&fd.FirstName, &fd.LastName, &fd.Street, &fd.PostalCode, &fd.City, &fd.Email, &fd.Phone,
		&fd.PremisesStreet, &fd.PremisesHouse, &fd.PremisesNumber, &fd.RegisterNumber,
		&fd.RegulationTitle, &fd.Reference,
	} {
		*s = r.clean(*s)
	}
	fd.RegulationTitle = truncate(fd.RegulationTitle, maxRegulationTitle)
	return fd
}

// maxRegulationTitle is the longest regulation title printed in full, in
// characters; a longer one is cut short with „…”.
const maxRegulationTitle = 120

// truncate cuts s to at most n characters, marking the cut with „…”.
func truncate(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return strings.TrimSpace(string(rs[:n-1])) + "…"
}

// incomplete reports whether some box is left for handwriting.
func (fd FormData) incomplete(service Service) bool {
	for _, s := range []string{
		fd.FirstName, fd.LastName, fd.Street, fd.PostalCode, fd.City, fd.Email, fd.Phone,
		fd.PremisesStreet, fd.PremisesHouse, fd.PremisesNumber,
	} {
		if s == "" {
			return true
		}
	}
	return fd.Role == "" || (service == ServiceIKCS && fd.RegisterNumber == "")
}

func regulationsText(t formText, fd FormData) string {
	s := fmt.Sprintf(plConsentRegulationsF, t.regulations)
	if fd.RegulationTitle != "" {
		s += fmt.Sprintf(plConsentRegulationsNameF, fd.RegulationTitle)
		if fd.RegulationVersion > 0 {
			s += fmt.Sprintf(plConsentRegulationsVerF, fd.RegulationVersion)
		}
		s += plConsentRegulationsEnd
	}
	return s + plConsentRegulationsWhere
}

// formTitle prints the reference, the title, the lead and, when some box is
// empty, how to fill the form in.
func (d *doc) formTitle(t formText, fd FormData, service Service) {
	f := d.f
	if fd.Reference != "" {
		d.font(famSans, "B", sizeBody)
		f.CellFormat(contentW, lineH(sizeBody), fmt.Sprintf(plReferenceF, fd.Reference), "", 1, "R", false, 0, "")
	}
	d.font(famSans, "B", d.fit(famSans, "B", t.title, 16, 11, contentW))
	f.CellFormat(contentW, 8, t.title, "", 1, "C", false, 0, "")
	d.font(famSans, "", sizeBody)
	f.MultiCell(contentW, lineH(sizeBody), t.lead, "", "C", false)
	f.Ln(1.5)
	if fd.incomplete(service) {
		d.font(famSans, "", sizeBody)
		f.SetTextColor(greyText, greyText, greyText)
		f.MultiCell(contentW, lineH(sizeBody), plFillHint, "", "C", false)
		f.SetTextColor(0, 0, 0)
	}
	f.Ln(3)
}

// roleRow prints „Jestem:” and a checkbox for each role.
func (d *doc) roleRow(role Role) {
	f := d.f
	d.room(8)
	y := f.GetY()
	x := marginX
	d.font(famSans, "", sizeBody)
	f.SetTextColor(greyText, greyText, greyText)
	f.SetXY(x, y)
	f.CellFormat(18, 4.4, plRoleLead, "", 0, "L", false, 0, "")
	f.SetTextColor(0, 0, 0)
	x += 18
	for _, o := range []struct {
		role  Role
		label string
	}{{RoleMember, plRoleMember}, {RoleOwner, plRoleOwner}, {RoleTenant, plRoleTenant}} {
		d.checkbox(x, y+0.2, role == o.role)
		d.font(famSans, "", sizeBody)
		f.SetXY(x+6, y)
		lw := f.GetStringWidth(o.label)
		f.CellFormat(lw, 4.4, o.label, "", 0, "L", false, 0, "")
		x += 6 + lw + 10
	}
	f.SetXY(marginX, y+4.4+4)
}

// registerNumber prints the member's register number box and where to get
// the number (IKCS only).
func (d *doc) registerNumber(number string) {
	f := d.f
	const boxW = 70.0
	d.room(fieldRowH)
	y := f.GetY()
	d.fieldsIn(boxW, field{plRegisterNumber, number, 1})
	end := f.GetY()
	f.SetY(y + fieldLabelH - 0.5)
	f.SetTextColor(greyText, greyText, greyText)
	d.para(marginX+boxW+fieldGap, contentW-boxW-fieldGap, sizeBody, run{"", plRegisterHint})
	f.SetTextColor(0, 0, 0)
	f.SetY(max(end, f.GetY()+fieldAfter))
}

// signature prints the lines for the date and the applicant's signature.
func (d *doc) signature() {
	f := d.f
	d.room(27)
	f.Ln(2)
	y := f.GetY()
	d.font(famSans, "B", sizeBody)
	f.CellFormat(contentW, lineH(sizeBody), plSignatureTitle, "", 1, "L", false, 0, "")
	line := y + 17
	d.signLine(marginX, line, 62, plSignatureDate)
	d.signLine(marginX+contentW-88, line, 88, plSignatureSign)
	f.SetY(line + 8)
}

// The office box's geometry, in millimetres.
const (
	officeBoxH  = 40.0 // the whole box
	officeInset = 3.0  // text from the box's edges
	officeRowH  = 8.0  // one row to fill in
	// officeLeft and officeRight bound the box's text; officeHalf is where
	// the right-hand column of the first and third rows starts.
	officeLeft  = marginX + officeInset
	officeRight = marginX + contentW - officeInset
	officeHalf  = marginX + contentW/2 + 4
)

// officeBox prints the box the cooperative's staff fill in on receipt.
func (d *doc) officeBox(reference string) {
	f := d.f
	d.room(officeBoxH + 2)
	y := f.GetY()
	d.officeFrame(y)

	row := y + 10
	d.officeBlank(d.officeLabel(officeLeft, row, plOfficeReceived), row, officeHalf-8)
	d.officeReference(row, reference)

	row += officeRowH
	d.officeBlank(d.officeLabel(officeLeft, row, plOfficeIDShown), row, officeRight)

	row += officeRowH
	d.officeIDLast3(row)
	d.officeBlank(d.officeLabel(officeHalf, row, plOfficeSignature), row, officeRight)

	row += officeRowH
	f.SetTextColor(greyText, greyText, greyText)
	d.font(famSans, "", d.fit(famSans, "", plOfficeIDNotCopied, sizeBody, 8, contentW-2*officeInset))
	f.SetXY(officeLeft, row)
	f.CellFormat(contentW-2*officeInset, lineH(sizeBody), plOfficeIDNotCopied, "", 0, "L", false, 0, "")
	f.SetTextColor(0, 0, 0)
	f.SetXY(marginX, y+officeBoxH+4)
}

// officeFrame draws the office box's border at y with its grey title bar.
func (d *doc) officeFrame(y float64) {
	f := d.f
	f.SetDrawColor(0, 0, 0)
	f.SetLineWidth(0.4)
	f.SetFillColor(greyFill, greyFill, greyFill)
	f.Rect(marginX, y, contentW, 7, "FD")
	f.Rect(marginX, y, contentW, officeBoxH, "D")
	d.font(famSans, "B", sizeHeading)
	f.SetXY(officeLeft, y)
	f.CellFormat(contentW-2*officeInset, 7, plOfficeTitle, "", 0, "L", false, 0, "")
}

// officeLabel prints a label of the office box at (x, y) and returns where
// the space to fill in after it starts.
func (d *doc) officeLabel(x, y float64, s string) float64 {
	f := d.f
	d.font(famSans, "", sizeBody)
	f.SetXY(x, y)
	w := f.GetStringWidth(s)
	f.CellFormat(w, lineH(sizeBody), s, "", 0, "L", false, 0, "")
	return x + w + 2
}

// officeBlank draws the dotted line to write on, under the row at y from
// x to to.
func (d *doc) officeBlank(x, y, to float64) {
	f := d.f
	lh := lineH(sizeBody)
	f.SetDrawColor(greyLine, greyLine, greyLine)
	f.SetLineWidth(0.3)
	f.SetDashPattern([]float64{0.6, 0.8}, 0)
	f.Line(x, y+lh, to, y+lh)
	f.SetDashPattern(nil, 0)
	f.SetDrawColor(0, 0, 0)
}

// officeReference prints the application number in the right half of the
// first row, shrunk to fit, or a line to write it on when there is none.
func (d *doc) officeReference(row float64, reference string) {
	f := d.f
	x := d.officeLabel(officeHalf, row, plOfficeReference)
	if reference == "" {
		d.officeBlank(x, row, officeRight)
		return
	}
	d.font(famSans, "B", d.fit(famSans, "B", reference, sizeBody, 6, officeRight-x))
	f.SetXY(x, row)
	f.CellFormat(officeRight-x, lineH(sizeBody), ellipsize(f, reference, officeRight-x), "", 0, "L", false, 0, "")
}

// officeIDLast3 prints the label and three boxes for the last three
// characters of the identity document's number, the only part staff note
// down.
func (d *doc) officeIDLast3(row float64) {
	f := d.f
	x := d.officeLabel(officeLeft, row, plOfficeIDLast3)
	f.SetDrawColor(greyLine, greyLine, greyLine)
	f.SetLineWidth(0.3)
	for i := range 3 {
		f.Rect(x+float64(i)*6, row-1.2, 6, 6.5, "D")
	}
	f.SetDrawColor(0, 0, 0)
}

// howTo prints the ways to submit the form.
func (d *doc) howTo(t formText) {
	office := d.address()
	if office == "" {
		office = plCoopOfficeAny
	}
	email := d.coop.Email
	if email == "" {
		email = plCoopEmailAny
	}
	d.heading(fmt.Sprintf(plHowToTitleF, t.noun))
	d.item("1.", run{"B", plHowToInPerson}, run{"", fmt.Sprintf(plHowToInPersonF, office, t.proof)})
	d.item("2.", run{"B", plHowToElectronic}, run{"", fmt.Sprintf(plHowToElectronicF, t.nounGen, email, t.nounLoc)})
	d.f.Ln(2)
}

// rodo prints the information clause on personal data.
func (d *doc) rodo(t formText) {
	who := joinNonEmpty(", ", d.coop.Name, d.address())
	if who == "" {
		who = plRODOAdminAny
	}
	admin := fmt.Sprintf(plRODOAdminF, who)
	if contact := joinNonEmpty(", ", d.coop.Email, phoneOrEmpty(d.coop.Phone)); contact != "" {
		admin += fmt.Sprintf(plRODOContactF, contact)
	}
	d.heading(plRODOTitle)
	d.block(sizeBody, 1.5, run{"", plRODOIntro})
	for i, s := range []string{
		admin,
		fmt.Sprintf(plRODOPurposeF, t.proof, t.serviceFull),
		plRODOVoluntary,
		plRODOKeep,
		plRODORights,
		plRODOIDDocument,
	} {
		d.item(fmt.Sprintf("%d.", i+1), run{"", s})
	}
}

// phoneOrEmpty is the phone number with its label, or empty when there is
// none.
func phoneOrEmpty(phone string) string {
	if phone == "" {
		return ""
	}
	return plPhone + phone
}

// item prints one numbered paragraph with a hanging number.
func (d *doc) item(number string, runs ...run) {
	const indent = 6
	f := d.f
	d.room(d.paraHeight(contentW-indent, sizeBody, runs...))
	y := f.GetY()
	d.font(famSans, "", sizeBody)
	f.SetXY(marginX, y)
	f.CellFormat(indent, lineH(sizeBody), number, "", 0, "L", false, 0, "")
	f.SetY(y)
	d.para(marginX+indent, contentW-indent, sizeBody, runs...)
	f.Ln(1.5)
}
