package messages

import (
	"context"
	"database/sql"
	"errors"

	"github.com/ebok/ebok/internal/letters"
	"github.com/ebok/ebok/internal/store"
)

// LetterAnswers finds the letter a resident's e-mail answers
// (letters.Service does).
type LetterAnswers interface {
	AnswerTo(ctx context.Context, coopID, personID int64, refs []string) (letters.Answered, bool, error)
}

// letterThread is the thread of the letter a resident's e-mail answers,
// opened on the first answer (0: the mail answers no letter, or the person
// holds no premises to file it under).
func (s *Service) letterThread(ctx context.Context, tx *store.Tx, coopID, person int64, m Mail) (int64, error) {
	if s.Letters == nil {
		return 0, nil
	}
	ans, ok, err := s.Letters.AnswerTo(ctx, coopID, person, m.References)
	if err != nil || !ok {
		return 0, err
	}
	var thread int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM message_threads WHERE coop_id = $1 AND letter_id = $2 AND person_id = $3
		ORDER BY id DESC LIMIT 1`, coopID, ans.LetterID, person).Scan(&thread)
	if errors.Is(err, sql.ErrNoRows) {
		subject := s.words().T("messages.letter_answer", ans.Subject)
		thread, err = s.openThread(ctx, tx, coopID, newThread{person: person, premises: ans.PremisesID, letter: ans.LetterID,
			topic: ans.Department, department: ans.Department, subject: subject})
	}
	return thread, err
}
