package mail

import (
	"testing"
	"time"

	"github.com/ebok/ebok/internal/mail/mailtest"
)

// startSMTP starts mailtest's SMTP server on 127.0.0.1, stopped when the
// test ends. With user set, clients must authenticate with AUTH PLAIN.
func startSMTP(t *testing.T, user, pass string) *mailtest.SMTP {
	t.Helper()
	return mailtest.Start(t, user, pass)
}

// testConfig is an SMTPConfig for the test server without TLS.
func testConfig(ts *mailtest.SMTP) SMTPConfig {
	return SMTPConfig{Host: ts.Host, Port: ts.Port, TLS: TLSNone, Timeout: 5 * time.Second}
}
