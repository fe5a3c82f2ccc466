package audit

import (
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
)

// Translator gives the catalogue message for key (i18n.Localizer.T).
type Translator func(key string, args ...any) string

// UserName is what the log's sentences say of a login.
type UserName struct {
	// Name is the login's display name, e.g. "Anna Nowak".
	Name string
	// Login is the login name, e.g. "E0000123".
	Login string
	// Kind is "staff", "resident" or "member".
	Kind string
	// Role is a staff member's role ("settlements", …), "" for others.
	Role string
}

// Names turn the ids an entry stores into what a board member reads. Ids
// it lacks are named by number.
type Names struct {
	Users      map[int64]UserName
	Persons    map[int64]string
	Premises   map[int64]string
	Components map[int64]string
}

// SentenceKey is the catalogue key of the sentence template of action:
// every action has one (a test pins it). Some actions also have variants,
// SentenceKey(action)+"."+variant.
func SentenceKey(a Action) string { return "audit.sentence." + string(a) }

// Sentence tells entry e as one sentence in the translator's language,
// e.g. "Anna Nowak (rozliczenia): zaksięgowanie wpłaty 100,00 zł na lokal
// ul. Pogodna 4/57". Templates name their parts in braces ({actor},
// {amount}, …); every part is filled from the entry and the names, never
// with a raw key. Forms are impersonal (nouns), as the actor's gender is
// not known.
//
// Long: one case per audit action that needs more than the common parts; a
// table of functions would scatter what each sentence takes from its entry.
func Sentence(t Translator, e Entry, n Names) string {
	d := e.Details
	v := map[string]string{
		"actor":   actorPhrase(t, e, n),
		"account": n.account(e.ActorID),
		"from":    "",
		"person":  n.person(t, e.PersonID),
		"note":    "",
		"id":      subjectID(e.Subject),
	}
	if id, ok := subjectNumber(e.Subject, "premises"); ok {
		v["premises"] = n.premises(t, id)
	}
	if e.IP != "" {
		v["from"] = t("audit.part.from") + " " + e.IP
	}
	if r := strings.TrimSpace(d["reason"]); r != "" {
		v["note"] = " – „" + r + "”"
	}
	variant := ""
	switch e.Action {
	case LoginFailure, LoginLocked, PasswordResetRequested:
		switch {
		case e.ActorID == 0:
			variant = "unknown"
		case d["device"] == "trusted":
			variant = "device"
		}
	case StartPasswordIssued, CredentialsIssued, TOTPReset:
		v["login"] = d["login"]
		if id, ok := subjectNumber(e.Subject, "user"); ok {
			v["login"] = n.account(id)
		}
		if dl := oneOf(d["delivery"], "print", "email"); dl != "other" {
			v["delivery"] = t("audit.part.delivery." + dl)
		}
	case ApplicationFiled:
		variant = oneOf(d["route"], "online", "desk")
		v["service"] = t("audit.part.service." + oneOf(d["service"], "ebok", "ikcs"))
	case ApplicationCheck:
		switch {
		case d["check"] == "signature" && d["ok"] == "true":
			variant = "signature_ok"
		case d["check"] == "signature":
			variant = "signature_missing"
		case d["check"] == "phone":
			variant = "phone"
		}
	case RegulationsPublished:
		v["service"] = t("audit.part.service." + oneOf(d["service"], "ebok", "ikcs"))
		v["version"] = d["version"]
	case AccessExtended:
		v["until"] = dateText(d["until"])
	case LedgerPosted, PaymentAllocated:
		v["amount"] = amountText(d["amount"])
		if e.Action == LedgerPosted {
			variant = oneOf(d["kind"], "charge", "payment", "correction", "interest", "settlement")
			if d["credit"] != "" {
				variant = "credit"
			}
		}
	case LedgerImported:
		v["file"] = d["file"]
		for _, k := range []string{"credits", "posted", "unmatched", "rows", "new"} {
			v[k] = numberText(d[k])
		}
		if d["format"] != "" {
			variant = "bank"
		}
	case ChargesRun:
		v["month"] = monthText(strings.TrimPrefix(e.Subject, "month:"))
		v["accounts"], v["entries"], v["total"] = numberText(d["accounts"]), numberText(d["entries"]), amountText(d["total"])
	case FeesChanged:
		if d["rate"] != "" {
			variant = "rate"
			v["rate"], v["from_day"] = amountText(d["rate"]), dateText(d["from"])
			id, _ := subjectNumber(e.Subject, "component")
			v["component"] = n.component(t, id)
		} else {
			variant = "component"
			v["component"] = "„" + d["name"] + "”"
		}
	case MeterReadingDecided:
		variant = oneOf(d["decision"], "accepted", "rejected", "corrected")
		v["read_on"] = d["read_on"]
	case LetterDrafted, LetterSubmitted:
		v["recipients"] = numberText(d["recipients"])
	case PostalBatchPrinted:
		v["letters"] = numberText(d["letters"])
	case MessageFiled:
		v["register"] = d["register"]
	case MessageAssigned:
		id, _ := strconv.ParseInt(d["assigned_to"], 10, 64)
		v["assignee"] = n.staff(t, id)
	case MailTriaged:
		if d["dismissed"] != "" {
			variant = "dismissed"
		}
	case AnnouncementPosted:
		v["emailed"] = numberText(d["emailed"])
	case LibraryDownloaded:
		v["id"] = d["document"]
		v["version"] = d["version"]
	case LibraryPublished:
		v["version"] = d["version"]
	case LibraryNotified:
		v["recipients"] = numberText(d["recipients"])
	case BankAccountDeclared:
		v["nrb"] = d["nrb"]
		variant = oneOf(d["purpose"], "payments", "other")
	case ApplicationsPurged:
		v["unconfirmed"], v["decided"], v["files"] = numberText(d["unconfirmed"]), numberText(d["decided"]), numberText(d["files"])
	case PersonalDataRead:
		v["page"] = e.Subject
		if q := d["query"]; q != "" {
			variant, v["query"] = "search", q
		}
	case CredentialsChecked:
		variant = "mismatch"
		if d["matched"] == "true" {
			variant = "match"
		}
	case MeetingChanged:
		variant = oneOf(d["change"], "created", "notice", "item", "votes", "results")
		v["first_part"] = dateText(d["first_part"])
	case CopyRequested:
		v["title"] = d["title"]
	case CopyRequestChanged:
		if e.Subject == "library_settings" {
			variant = "fee"
		}
	}
	key := SentenceKey(e.Action)
	if variant != "" {
		key += "." + variant
	}
	s := t(key)
	if strings.HasPrefix(s, "[") { // no such variant: the action's own template
		s = t(SentenceKey(e.Action))
	}
	return tidy(fill(s, v))
}

// tidy drops what empty parts leave behind: doubled and trailing spaces,
// empty brackets.
func tidy(s string) string {
	s = strings.ReplaceAll(s, " ()", "")
	for strings.Contains(s, "  ") {
		s = strings.ReplaceAll(s, "  ", " ")
	}
	return strings.TrimSpace(s)
}

// fill replaces each {name} in s by v[name] ("" when missing).
func fill(s string, v map[string]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(v[s[i+1:i+j]])
		s = s[i+j+1:]
	}
}

// actorPhrase names who acted: "Anna Nowak (rozliczenia)", "Jan Kowalski
// (konto E0000001)", "osoba niezalogowana", "ebok (automatycznie)".
func actorPhrase(t Translator, e Entry, n Names) string {
	switch {
	case e.Actor == ActorSystem:
		return t("audit.part.system")
	case e.Actor == ActorAnonymous:
		return t("audit.part.anonymous")
	}
	if u, ok := n.Users[e.ActorID]; ok && e.ActorID != 0 {
		return n.userPhrase(t, u)
	}
	// A user the names lack: the login part of "staff:anna".
	_, login, found := strings.Cut(e.Actor, ":")
	if !found {
		login = e.Actor
	}
	return t("audit.part.account") + " " + login
}

func (n Names) userPhrase(t Translator, u UserName) string {
	name := u.Name
	if name == "" {
		name = u.Login
	}
	if u.Kind == "staff" && u.Role != "" {
		return name + " (" + t("audit.part.role."+u.Role) + ")"
	}
	return name + " (" + t("audit.part.account") + " " + u.Login + ")"
}

// staff names a staff member by id.
func (n Names) staff(t Translator, id int64) string {
	if u, ok := n.Users[id]; ok {
		return n.userPhrase(t, u)
	}
	return t("audit.part.user") + " " + strconv.FormatInt(id, 10)
}

// account names a login: "E0000123", or "E0000123 (Jan Kowalski)".
func (n Names) account(id int64) string {
	u, ok := n.Users[id]
	switch {
	case !ok:
		return "nr " + strconv.FormatInt(id, 10)
	case u.Name != "" && u.Name != u.Login:
		return u.Login + " (" + u.Name + ")"
	default:
		return u.Login
	}
}

func (n Names) person(t Translator, id int64) string {
	if id == 0 {
		return ""
	}
	if name, ok := n.Persons[id]; ok {
		return name
	}
	return t("audit.part.person") + " " + strconv.FormatInt(id, 10)
}

func (n Names) premises(t Translator, id int64) string {
	if a, ok := n.Premises[id]; ok {
		return a
	}
	return t("audit.part.number") + " " + strconv.FormatInt(id, 10)
}

func (n Names) component(t Translator, id int64) string {
	if c, ok := n.Components[id]; ok {
		return "„" + c + "”"
	}
	return t("audit.part.number") + " " + strconv.FormatInt(id, 10)
}

// subjectNumber reads the id of a subject such as "premises:57".
func subjectNumber(subject, kind string) (int64, bool) {
	rest, ok := strings.CutPrefix(subject, kind+":")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil
}

// subjectID is the part of a subject after the colon ("12" of
// "application:12").
func subjectID(subject string) string {
	_, id, _ := strings.Cut(subject, ":")
	return id
}

// oneOf returns s when it is one of the known values, else "other".
func oneOf(s string, known ...string) string {
	for _, k := range known {
		if s == k {
			return s
		}
	}
	return "other"
}

// amountText shows a stored amount ("-100.00") as a reader does
// ("100,00 zł"); the sign is in the sentence's words.
func amountText(s string) string {
	a, err := money.ParsePlain(s)
	if err != nil {
		return s
	}
	return a.Abs().Format()
}

// numberText shows a count, "0" when missing.
func numberText(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

// dateText shows a stored date ("2026-11-21") as "21.11.2026".
func dateText(s string) string {
	d, err := civil.Parse(s)
	if err != nil {
		return s
	}
	return d.Format()
}

// monthText shows "2026-11" as "11.2026".
func monthText(s string) string {
	if y, m, ok := strings.Cut(s, "-"); ok && len(y) == 4 && len(m) == 2 {
		return m + "." + y
	}
	return s
}
