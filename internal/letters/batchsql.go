package letters

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/register"
	"github.com/ebok/ebok/internal/store"
)

// column is a column that updateEach sets to each recipient's own value,
// in the order of the ids; cast names the column's type where PostgreSQL
// cannot infer it (a CASE's parameters have none), "" for text.
type column struct {
	name string
	cast string
	vals []any
}

// updateEach updates the batch's recipients ids in one statement, under
// the batch's lease ($1 and $2) and the condition extra: fixed (which may
// use $3… for fixedArgs) is set on all of them, and each column to each
// recipient's own value. errLeaseLost when any of them is no longer held.
func updateEach(ctx context.Context, tx *store.Tx, b *batch, ids []int64, cols []column, fixed, extra string, fixedArgs ...any) error {
	if len(ids) == 0 {
		return nil
	}
	args := append([]any{b.node, b.leaseUntil}, fixedArgs...)
	first := len(args) + 1 // ids' first parameter
	for _, id := range ids {
		args = append(args, id)
	}
	sets := []string{}
	if fixed != "" {
		sets = append(sets, fixed)
	}
	for _, c := range cols {
		var sb strings.Builder
		sb.WriteString(c.name + " = CASE id")
		for i, v := range c.vals {
			args = append(args, v)
			p := "$" + strconv.Itoa(len(args))
			if c.cast != "" {
				p = "CAST(" + p + " AS " + c.cast + ")"
			}
			sb.WriteString(" WHEN $" + strconv.Itoa(first+i) + " THEN " + p)
		}
		sets = append(sets, sb.String()+" END")
	}
	res, err := tx.ExecContext(ctx, `UPDATE letter_recipients SET `+strings.Join(sets, ", ")+`
		WHERE `+held(1)+` AND id `+inIDs(first, len(ids))+` AND `+extra, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != int64(len(ids)) {
		return errLeaseLost
	}
	return nil
}

// enterFresh enters in the register, in one go, the recipients not yet
// entered, writes each one's register number into its letter and stores
// the letters as entered, under the batch's lease.
func (s *Service) enterFresh(ctx context.Context, tx *store.Tx, b *batch, xs []documents.Letter) error {
	var fresh []int
	var es []register.Entry
	for i, c := range b.cs {
		if c.registerID != 0 {
			continue
		}
		ch := register.Post
		if c.channel == "email" {
			ch = register.Email
		}
		fresh = append(fresh, i)
		es = append(es, register.Entry{CoopID: c.coopID, Direction: register.Out, Channel: ch,
			Correspondent: xs[i].Address[0], Subject: xs[i].Subject, CaseNo: b.letters[c.letterID].CaseNo,
			Source: "letter_recipient", SourceID: c.id, PersonID: c.personID})
	}
	es, err := s.Register.EnterAll(tx.Context(ctx), es)
	if err != nil {
		return err
	}
	ids := make([]int64, len(fresh))
	cols := []column{{name: "register_id", cast: "BIGINT"}, {name: "register_no"}, {name: "content"}}
	for j, i := range fresh {
		xs[i].RegisterNo = es[j].Label()
		stored := xs[i]
		stored.Coop = nil // stored without the cooperative, read again when printed
		content, err := json.Marshal(stored)
		if err != nil {
			return err
		}
		ids[j] = b.cs[i].id
		cols[0].vals = append(cols[0].vals, es[j].ID)
		cols[1].vals = append(cols[1].vals, es[j].Label())
		cols[2].vals = append(cols[2].vals, string(content))
	}
	if err := updateEach(ctx, tx, b, ids, cols, "", "register_id IS NULL"); err != nil {
		return err
	}
	for j, i := range fresh {
		b.cs[i].registerID = es[j].ID
	}
	return nil
}

// queueEmails is step 3 for the recipients by e-mail among b.cs[is]: their
// e-mails, with the letter and the letter's attachments, queued together,
// and the recipients marked queued. The PDF is stored once, as the
// e-mail's first attachment (read back by pdfOf).
func (s *Service) queueEmails(ctx context.Context, tx *store.Tx, b *batch, is []int, fs []documents.File) error {
	byCoop := map[int64][]int{}
	var coops []int64
	for _, i := range is {
		if id := b.cs[i].coopID; byCoop[id] == nil {
			coops = append(coops, id)
		}
		byCoop[b.cs[i].coopID] = append(byCoop[b.cs[i].coopID], i)
	}
	for _, coopID := range coops {
		var ms []mail.Message
		var ids []int64
		for _, i := range byCoop[coopID] {
			c, f := b.cs[i], fs[i]
			l := b.letters[c.letterID]
			ms = append(ms, mail.Message{To: c.email, Subject: l.Subject, Text: s.polish().T("letters.mail.body", l.Subject),
				Attachments: append([]mail.Attachment{{Filename: f.Name, ContentType: f.ContentType, Data: f.Data}}, b.attachments[l.ID]...)})
			ids = append(ids, c.id)
		}
		qs, err := s.Outbox.QueueAll(ctx, tx, coopID, ms)
		if err != nil {
			return err
		}
		cols := []column{{name: "outbox_id", cast: "BIGINT"}, {name: "message_id"}}
		for _, q := range qs {
			cols[0].vals = append(cols[0].vals, q.ID)
			cols[1].vals = append(cols[1].vals, q.MessageID)
		}
		err = updateEach(ctx, tx, b, ids, cols, `status = 'queued', pdf = NULL, queued_at = $3, lease_owner = NULL, lease_until = NULL`,
			"channel = 'email'", dbTime(s.Now()))
		if err != nil {
			return err
		}
	}
	return nil
}
