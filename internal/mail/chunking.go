package mail

import (
	"bytes"
	"errors"
	"fmt"
	"net/textproto"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// transmit sends msg on c: MAIL FROM, RCPT TO, then the message itself.
// Where the server offers CHUNKING (RFC 3030, offered by Postfix, Exim,
// Exchange and most relays) the message goes as one "BDAT <size> LAST"
// chunk, byte for byte: neither side has to escape and unescape every line
// starting with a dot, which is most of the CPU a mass mailing of PDF
// letters spends on SMTP; where the server also offers PIPELINING the
// commands and the chunk go in one write (see pipelined). Elsewhere go-mail
// sends it with DATA. Each step must answer within timeout; size is about
// how long the message is written out (see Outgoing.sizeHint).
func (c *smtpConn) transmit(msg *gomail.Msg, size int, timeout time.Duration) error {
	if ok, _ := c.smtp.Extension("CHUNKING"); !ok {
		return c.client.SendWithSMTPClient(c.smtp, msg)
	}
	if !c.smtp.HasConnection() {
		return &stepError{step: stepConnection, err: errors.New("not connected")}
	}
	if err := c.smtp.UpdateDeadline(timeout); err != nil {
		return &stepError{step: stepConnection, err: err}
	}
	from, err := msg.GetSender(false)
	if err != nil {
		return fmt.Errorf("mail: sender: %w", err)
	}
	rcpts, err := msg.GetRecipients()
	if err != nil {
		return fmt.Errorf("mail: recipients: %w", err)
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	if _, err := msg.WriteTo(buf); err != nil {
		return fmt.Errorf("mail: writing the message: %w", err)
	}
	data := crlf(buf.Bytes())
	if ok, _ := c.smtp.Extension("PIPELINING"); ok {
		return c.pipelined(c.mailCommand(from), rcpts, data)
	}
	// After a refusal Send drops the connection: no RSET needed.
	if err := c.smtp.Mail(from); err != nil {
		return &stepError{step: stepMail, err: err}
	}
	for _, r := range rcpts {
		if err := c.smtp.Rcpt(r); err != nil {
			return &stepError{step: "RCPT TO", err: err}
		}
	}
	return c.bdat(data)
}

// mailCommand is the MAIL FROM command for from, with the parameters
// go-mail's own MAIL FROM gives it for ebok's clients (8BITMIME and
// SMTPUTF8 where offered; ebok asks for no delivery status notifications).
func (c *smtpConn) mailCommand(from string) string {
	cmd := "MAIL FROM:" + from
	if ok, _ := c.smtp.Extension("8BITMIME"); ok {
		cmd += " BODY=8BITMIME"
	}
	if ok, _ := c.smtp.Extension("SMTPUTF8"); ok {
		cmd += " SMTPUTF8"
	}
	return cmd
}

// pipelined sends MAIL FROM, every RCPT TO and the message as one BDAT
// chunk in one write, then reads the replies in order (RFC 2920
// PIPELINING with RFC 3030 CHUNKING, both offered by Postfix, Exim,
// Exchange and go-smtp): one round trip a message instead of three, which
// matters most while the machine is busy rendering the PDFs of a mass
// letter and every wake-up of the sender waits for a core. A server that
// refuses MAIL FROM or a recipient still reads the chunk that follows and
// refuses it too (RFC 3030 §2); the first refusal is what the send
// reports, and Send then drops the connection.
func (c *smtpConn) pipelined(mail string, rcpts []string, data []byte) error {
	cmds := []command{{line: mail, step: stepMail, code: 250}}
	for _, r := range rcpts {
		cmds = append(cmds, command{line: "RCPT TO:" + r, step: "RCPT TO", code: 25})
	}
	for _, cmd := range cmds {
		if strings.ContainsAny(cmd.line, "\r\n") {
			return fmt.Errorf("mail: a line break in %q", cmd.line)
		}
	}
	return c.chunk(cmds, data)
}

// bdat sends data as the last (and only) chunk, after MAIL FROM and RCPT
// TO were accepted, and reads the server's verdict on the message.
func (c *smtpConn) bdat(data []byte) error {
	return c.chunk(nil, data)
}

// command is one SMTP command sent ahead of a chunk: its line, the step
// its refusal names, and the reply code it wants (25 for any 25x).
type command struct {
	line, step string
	code       int
}

// chunk writes cmds and then data as one "BDAT <size> LAST" chunk in one
// write, and reads a reply to each command and to the chunk, in order,
// stopping at the first refusal.
func (c *smtpConn) chunk(cmds []command, data []byte) error {
	t := c.smtp.Text
	id := t.Next()
	t.StartRequest(id)
	var err error
	for _, cmd := range cmds {
		if err == nil {
			_, err = fmt.Fprintf(t.W, "%s\r\n", cmd.line)
		}
	}
	if err == nil {
		_, err = fmt.Fprintf(t.W, "BDAT %d LAST\r\n", len(data))
	}
	if err == nil {
		_, err = t.W.Write(data)
	}
	if err == nil {
		err = t.W.Flush()
	}
	t.EndRequest(id)
	if err != nil {
		if len(cmds) > 0 {
			// Nothing was answered, so nothing was accepted.
			return &stepError{step: stepConnection, err: err}
		}
		return &stepError{step: "BDAT", err: err}
	}
	t.StartResponse(id)
	defer t.EndResponse(id)
	for _, cmd := range append(cmds, command{step: "BDAT", code: 250}) {
		if _, _, err := t.ReadResponse(cmd.code); err != nil {
			return &stepError{step: cmd.step, err: err}
		}
	}
	return nil
}

// Steps of a send with BDAT, named in its errors.
const (
	stepConnection = "connection"
	stepMail       = "MAIL FROM"
)

// stepError is a refusal or a broken connection at one step of a send
// with BDAT.
type stepError struct {
	step string
	err  error
}

func (e *stepError) Error() string { return e.step + ": " + e.err.Error() }
func (e *stepError) Unwrap() error { return e.err }

// code is the server's reply code in err, or 0 when the server did not
// answer (the connection broke).
func (e *stepError) code() int {
	var te *textproto.Error
	if errors.As(e.err, &te) {
		return te.Code
	}
	return 0
}

// crlf ends every line of a message with CRLF, as BDAT needs (DATA
// converts bare line feeds on its own). go-mail already writes CRLF, so
// this copies nothing in practice.
func crlf(b []byte) []byte {
	bare := false
	for i := bytes.IndexByte(b, '\n'); i >= 0; {
		if i == 0 || b[i-1] != '\r' {
			bare = true
			break
		}
		j := bytes.IndexByte(b[i+1:], '\n')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	if !bare {
		return b
	}
	out := make([]byte, 0, len(b)+len(b)/32)
	for i, ch := range b {
		if ch == '\n' && (i == 0 || b[i-1] != '\r') {
			out = append(out, '\r')
		}
		out = append(out, ch)
	}
	return out
}
