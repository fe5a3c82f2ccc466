package access

import (
	"fmt"

	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/mail"
)

// Mail to applicants is Polish: the language the form was filed in.
var mailText = i18n.New().For(i18n.Polish)

func portalName(p Portal) string { return mailText.T("apply.portal." + string(p)) }

// confirmMail goes to an address nobody has confirmed yet, so it carries
// no word the applicant typed (a name could carry a phishing text): only
// fixed text, the portal's name, the number and the link.
func confirmMail(f Form, id int64, link string) mail.Message {
	return mail.Message{
		To:      f.Email,
		Subject: mailText.T("mail.confirm.subject", portalName(f.Portal)),
		Text:    mailText.T("mail.confirm.body", portalName(f.Portal), id, link, int(ConfirmValidity.Hours()/24)),
	}
}

func rejectionMail(to string, p Portal, id int64, reason string) mail.Message {
	return mail.Message{
		To:      to,
		Subject: mailText.T("mail.rejected.subject", portalName(p), id),
		Text:    mailText.T("mail.rejected.body", portalName(p), id, reason),
	}
}

func credentialsMail(to string, p Portal, login, password, expires, loginURL string) mail.Message {
	return mail.Message{
		To:      to,
		Subject: mailText.T("mail.credentials.subject", portalName(p)),
		Text:    mailText.T("mail.credentials.body", portalName(p), login, password, expires, loginURL),
	}
}

// loginURL is where the portal's login panel is.
func (s *Service) loginURL(p Portal) string {
	return fmt.Sprintf("%s/#%s", s.BaseURL, p)
}
