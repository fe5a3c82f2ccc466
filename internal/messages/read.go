package messages

import (
	"context"
	"fmt"

	"github.com/ebok/ebok/internal/store"
)

// threadColumns are what scanThread reads, in its order, from
// message_threads t joined with threadJoins.
const threadColumns = `t.id, t.coop_id, t.person_id, t.premises_id, t.estate_id, t.topic, t.department,
	t.subject, t.fault_location, t.status, COALESCE(t.assigned_to, 0), COALESCE(u.display_name, ''),
	t.created_at, t.updated_at, t.due_on,
	COALESCE((SELECT r.number || '/' || r.year FROM register_entries r JOIN messages m
		ON m.coop_id = r.coop_id AND r.source = 'message' AND r.source_id = m.id
		WHERE m.coop_id = t.coop_id AND m.thread_id = t.id ORDER BY m.id LIMIT 1), ''),
	pe.first_name || ' ' || pe.last_name,
	b.street || ' ' || b.number || CASE WHEN p.kind IN ('flat', 'commercial') THEN '/' || p.number ELSE '' END, p.kind,
	COALESCE(t.letter_id, 0)`

// threadJoins are the tables threadColumns read.
const threadJoins = `FROM message_threads t
	JOIN persons pe ON pe.coop_id = t.coop_id AND pe.id = t.person_id
	JOIN premises p ON p.coop_id = t.coop_id AND p.id = t.premises_id
	JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
	LEFT JOIN users u ON u.coop_id = t.coop_id AND u.id = t.assigned_to`

// scanThread reads one row of threadColumns.
func scanThread(row interface{ Scan(...any) error }) (Thread, error) {
	var t Thread
	err := row.Scan(&t.ID, &t.CoopID, &t.PersonID, &t.PremisesID, &t.EstateID, &t.Topic, &t.Department,
		&t.Subject, &t.Location, &t.Status, &t.AssignedTo, &t.AssignedName, &t.CreatedAt, &t.UpdatedAt,
		&t.DueOn, &t.Register, &t.Resident, &t.Address, &t.PremisesKind, &t.LetterID)
	return t, store.MapError(err)
}

// thread loads one thread of a cooperative.
func (s *Service) thread(ctx context.Context, q store.Querier, coopID, id int64) (Thread, error) {
	return scanThread(q.QueryRowContext(ctx, `SELECT `+threadColumns+` `+threadJoins+`
		WHERE t.coop_id = $1 AND t.id = $2`, coopID, id))
}

// listThreads runs a query of threads.
func listThreads(ctx context.Context, q store.Querier, query string, args ...any) ([]Thread, error) {
	return store.QueryAll(ctx, q, scanThread, query, args...)
}

// Mine lists a resident's threads, the most recently active first.
func (s *Service) Mine(ctx context.Context, coopID, personID int64) ([]Thread, error) {
	ts, err := listThreads(ctx, s.DB.Read(), `SELECT `+threadColumns+` `+threadJoins+`
		WHERE t.coop_id = $1 AND t.person_id = $2 ORDER BY t.updated_at DESC, t.id DESC`, coopID, personID)
	if err != nil {
		return nil, fmt.Errorf("messages: threads of person %d: %w", personID, err)
	}
	return ts, nil
}

// MyThread is one of a resident's threads with its messages and staff's
// replies, never staff's internal notes; another's thread is
// store.ErrNotFound.
func (s *Service) MyThread(ctx context.Context, coopID, personID, threadID int64) (ThreadView, error) {
	q := s.DB.Read()
	t, err := s.thread(ctx, q, coopID, threadID)
	if err == nil && t.PersonID != personID {
		err = store.ErrNotFound
	}
	if err != nil {
		return ThreadView{}, fmt.Errorf("messages: thread %d of person %d: %w", threadID, personID, err)
	}
	return s.view(ctx, q, t, false)
}

// view loads a thread's messages (with notes only when withNotes).
func (s *Service) view(ctx context.Context, q store.Querier, t Thread, withNotes bool) (ThreadView, error) {
	v := ThreadView{Thread: t}
	// The resident's copy of the letter answered, looked up for the one
	// thread shown rather than for every row of a list.
	if t.LetterID != 0 {
		err := q.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0) FROM letter_recipients
			WHERE coop_id = $1 AND letter_id = $2 AND person_id = $3`, t.CoopID, t.LetterID, t.PersonID).Scan(&v.LetterCopy)
		if err != nil {
			return ThreadView{}, fmt.Errorf("messages: letter of thread %d: %w", t.ID, err)
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT m.id, m.thread_id, m.kind, m.channel, COALESCE(m.user_id, 0), m.author,
		m.body, m.created_at, COALESCE(r.number || '/' || r.year, '')
		FROM messages m LEFT JOIN register_entries r ON r.coop_id = m.coop_id AND r.source = 'message' AND r.source_id = m.id
		WHERE m.coop_id = $1 AND m.thread_id = $2 AND ($3 OR m.kind <> 'note') ORDER BY m.created_at, m.id`,
		t.CoopID, t.ID, withNotes)
	if err != nil {
		return v, fmt.Errorf("messages: thread %d: %w", t.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m Message
		if err := rows.Scan(&m.ID, &m.ThreadID, &m.Kind, &m.Channel, &m.UserID, &m.Author, &m.Body, &m.At, &m.Register); err != nil {
			return v, err
		}
		v.Messages = append(v.Messages, m)
	}
	if err := rows.Err(); err != nil {
		return v, err
	}
	return v, s.attach(ctx, q, &v)
}

// attach adds the files of the thread's messages.
func (s *Service) attach(ctx context.Context, q store.Querier, v *ThreadView) error {
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.message_id, a.filename, a.content_type, a.size
		FROM message_attachments a JOIN messages m ON m.coop_id = a.coop_id AND m.id = a.message_id
		WHERE a.coop_id = $1 AND m.thread_id = $2 ORDER BY a.id`, v.CoopID, v.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.ID, &a.MessageID, &a.Filename, &a.ContentType, &a.Size); err != nil {
			return err
		}
		for i := range v.Messages {
			if v.Messages[i].ID == a.MessageID {
				v.Messages[i].Attachments = append(v.Messages[i].Attachments, a)
			}
		}
	}
	return rows.Err()
}

// File is an attachment's content.
type File struct {
	Filename, ContentType string
	Data                  []byte
}

// file loads an attachment of a thread's message that is not a note.
func (s *Service) file(ctx context.Context, coopID, threadID, fileID int64) (File, error) {
	var f File
	err := s.DB.Read().QueryRowContext(ctx, `SELECT a.filename, a.content_type, a.data
		FROM message_attachments a JOIN messages m ON m.coop_id = a.coop_id AND m.id = a.message_id
		WHERE a.coop_id = $1 AND m.thread_id = $2 AND a.id = $3 AND m.kind <> 'note'`, coopID, threadID, fileID).
		Scan(&f.Filename, &f.ContentType, &f.Data)
	return f, store.MapError(err)
}

// MyFile is an attachment of one of a resident's threads.
func (s *Service) MyFile(ctx context.Context, coopID, personID, threadID, fileID int64) (File, error) {
	t, err := s.thread(ctx, s.DB.Read(), coopID, threadID)
	if err == nil && t.PersonID != personID {
		err = store.ErrNotFound
	}
	if err != nil {
		return File{}, fmt.Errorf("messages: file %d: %w", fileID, err)
	}
	return s.file(ctx, coopID, threadID, fileID)
}
