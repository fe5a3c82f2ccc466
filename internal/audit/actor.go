package audit

import "time"

// Actor is who did something, and from where: a staff member, a resident,
// an applicant (UserID 0) or ebok itself. Every service takes one for the
// changes it records; the web derives it from the request in one place.
type Actor struct {
	// CoopID is the cooperative acted in.
	CoopID int64
	// UserID is the login that acted (0 = none: an applicant, the system).
	UserID int64
	// EstateID limits an estate administration's staff to their estate
	// (0 = the whole cooperative).
	EstateID int64
	// Name is who acted as the log shows it, e.g. "staff:anna",
	// ActorAnonymous or ActorSystem.
	Name string
	// IP is the client address, "" when there is none.
	IP string
}

// System is ebok itself acting in a cooperative (workers, scheduled jobs,
// command-line imports without a login).
func System(coopID int64) Actor { return Actor{CoopID: coopID, Name: ActorSystem} }

// Did is the entry recording that the actor did action to subject at a
// time, with details (which must never carry secrets, see ErrSecretDetail).
func (a Actor) Did(at time.Time, action Action, subject string, details map[string]string) Entry {
	return Entry{CoopID: a.CoopID, At: at, ActorID: a.UserID, Actor: a.Name, IP: a.IP,
		Action: action, Subject: subject, Details: details}
}
