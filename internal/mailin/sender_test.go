package mailin

import "testing"

// The receiving server's Authentication-Results decide whether a mail's
// From address was forged; only the topmost header counts.
func TestCheckSender(t *testing.T) {
	const head = "From: Jan Kowalski <jan@poczta.onet.pl>\r\nTo: sm@example.pl\r\nSubject: Re: Sprawa\r\nMessage-ID: <s-1@onet.pl>\r\n"
	const body = "\r\nTreść.\r\n"
	cases := []struct {
		name, results string
		failed        bool
		why           string
	}{
		{"no results at all", "", false, ""},
		{"DMARC pass", "Authentication-Results: mx.example.pl; dkim=pass header.d=onet.pl; spf=pass smtp.mailfrom=jan@poczta.onet.pl; dmarc=pass (p=REJECT) header.from=poczta.onet.pl\r\n", false, ""},
		{"DMARC fail beats an unaligned DKIM pass", "Authentication-Results: mx.example.pl; dkim=pass header.d=spammer.example; dmarc=fail (p=NONE sp=NONE; dis=NONE) header.from=poczta.onet.pl\r\n", true, "dmarc=fail"},
		{"no DMARC, aligned DKIM pass", "Authentication-Results: mx.example.pl; dkim=pass header.i=@onet.pl header.s=2023; spf=softfail smtp.mailfrom=x@y.example\r\n", false, ""},
		{"no DMARC, aligned SPF pass, DKIM fail", "Authentication-Results: mx.example.pl; dkim=fail (bad signature) header.d=onet.pl; spf=pass (mx.example.pl: domain of jan@poczta.onet.pl designates 1.2.3.4 as permitted sender) smtp.mailfrom=jan@poczta.onet.pl\r\n", false, ""},
		{"no DMARC, SPF fail, no DKIM", "Authentication-Results: mx.example.pl;\r\n\tspf=fail (mx.example.pl: domain of jan@poczta.onet.pl does not designate 6.6.6.6; see spf) smtp.mailfrom=jan@poczta.onet.pl\r\n", true, "spf=fail"},
		{"unaligned DKIM pass, SPF of another domain", "Authentication-Results: mx.example.pl; dkim=pass header.d=mailer.example; spf=pass smtp.mailfrom=bounce@mailer.example\r\n", false, ""},
		{"nothing checked", "Authentication-Results: mx.example.pl; none\r\n", false, ""},
		{"a forged pass under the server's fail", "Authentication-Results: mx.example.pl; dmarc=fail header.from=poczta.onet.pl\r\nAuthentication-Results: mx.example.pl; dmarc=pass\r\n", true, "dmarc=fail"},
		{"the server's pass over a forged fail", "Authentication-Results: mx.example.pl; dmarc=pass header.from=poczta.onet.pl\r\nAuthentication-Results: fake; dmarc=fail\r\n", false, ""},
		{"versioned method, upper case", "Authentication-Results: mx.example.pl 1; DKIM/1=FAIL header.d=onet.pl; SPF=NONE\r\n", true, "dkim=fail"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := Parse([]byte(head + c.results + body))
			if m.SenderFailed != c.failed || m.SenderWhy != c.why {
				t.Errorf("failed %v %q, want %v %q", m.SenderFailed, m.SenderWhy, c.failed, c.why)
			}
			if m.Text != "Treść." || m.From != "jan@poczta.onet.pl" {
				t.Errorf("mail read as %+v", m)
			}
		})
	}
}

func TestStripComments(t *testing.T) {
	got := stripComments(`mx; spf=pass (domain of "a;b" (nested; x) ok) smtp.mailfrom="jan\"@x.pl"; dkim=pass`)
	if want := `mx; spf=pass  smtp.mailfrom=jan"@x.pl; dkim=pass`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// A resident's mail in HTML alone reaches the thread as text, not as its
// markup.
func TestHTMLOnlyMailIsReadAsText(t *testing.T) {
	raw := "From: jan@example.pl\r\nSubject: Re: Sprawa\r\nMessage-ID: <h-1@example.pl>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/html; charset=utf-8\r\n\r\n" +
		"<html><head><style>body{font:Arial}</style></head><body><div>Dzień dobry,</div><div><br></div>" +
		"<div>stan licznika: <b>123,4&nbsp;m&sup3;</b> &amp; zdjęcie w&nbsp;załączniku.</div>\r\n<div>Jan</div><script>alert(1)</script></body></html>\r\n"
	m := Parse([]byte(raw))
	if want := "Dzień dobry,\n\nstan licznika: 123,4 m³ & zdjęcie w załączniku.\nJan"; m.Text != want {
		t.Errorf("text %q\nwant %q", m.Text, want)
	}
}
