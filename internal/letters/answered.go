package letters

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Answered is a letter a resident's e-mail answers, as the messages side
// needs it to open the answer's thread.
type Answered struct {
	LetterID   int64
	PremisesID int64 // 0 when the letter went to the person, not a premises
	Subject    string
	CaseNo     string
	// Department answers it: the department of the staff member who wrote
	// the letter ("settlements", "membership" or "estate").
	Department string
}

// AnswerTo finds the letter one of whose e-mails to the person a mail's
// References (or In-Reply-To) name, newest reference first; ok is false
// when none does.
func (s *Service) AnswerTo(ctx context.Context, coopID, personID int64, refs []string) (Answered, bool, error) {
	for i := len(refs) - 1; i >= 0; i-- {
		ref := strings.TrimSpace(refs[i])
		if ref == "" {
			continue
		}
		if !strings.HasPrefix(ref, "<") {
			ref = "<" + ref + ">"
		}
		var a Answered
		var role sql.NullString
		err := s.DB.Read().QueryRowContext(ctx, `SELECT l.id, COALESCE(r.premises_id, 0), l.subject, l.case_no, u.role
			FROM letter_recipients r JOIN letters l ON l.coop_id = r.coop_id AND l.id = r.letter_id
			LEFT JOIN users u ON u.id = l.created_by
			WHERE r.coop_id = $1 AND r.person_id = $2 AND r.message_id = $3`, coopID, personID, ref).
			Scan(&a.LetterID, &a.PremisesID, &a.Subject, &a.CaseNo, &role)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return Answered{}, false, fmt.Errorf("letters: answer to %s: %w", ref, err)
		}
		a.Department = departmentOf(role.String)
		return a, true, nil
	}
	return Answered{}, false, nil
}

// departmentOf is the department that answers for a staff role.
func departmentOf(role string) string {
	switch role {
	case "settlements", "finance":
		return "settlements"
	case "membership", "board":
		return "membership"
	}
	return "estate"
}
