package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// pending is what completing a login waiting for its second factor needs
// of its user and the device it came from (nil: not trusted).
type pending struct {
	user     User // ID and CoopID only
	lastStep int64
	secret   string
	dev      *device
}

// lock is what the pending login counts against.
func (p pending) lock() lockable { return lockFor(p.user.ID, p.dev) }

// loadPending reads the user of the session waiting for its second factor
// whose token hashes to h. A session that can no longer complete (timed
// out, its account disabled, what it counts against locked, no app set
// up) is ended: ErrNoSession, joined with ErrLocked when locked.
func (s *Service) loadPending(ctx context.Context, h string, now time.Time) (pending, error) {
	var p pending
	var created, expires, lastSeen time.Time
	var lockedUntil, deviceLockedUntil, disabled sql.NullTime
	var deviceID sql.NullInt64
	err := s.DB.Read().QueryRowContext(ctx, `SELECT u.id, u.coop_id, u.totp_secret, u.totp_last_step, u.locked_until, u.disabled_at,
		s.created_at, s.expires_at, s.last_seen_at, d.id, d.locked_until
		FROM sessions s JOIN users u ON u.id = s.user_id AND u.coop_id = s.coop_id
		LEFT JOIN login_devices d ON d.id = s.device_id
		WHERE s.token_hash = $1 AND s.mfa_pending`, h).
		Scan(&p.user.ID, &p.user.CoopID, &p.secret, &p.lastStep, &lockedUntil, &disabled, &created, &expires, &lastSeen,
			&deviceID, &deviceLockedUntil)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNoSession
	}
	if err != nil {
		return p, fmt.Errorf("auth: second factor: %w", err)
	}
	if deviceID.Valid {
		p.dev = &device{id: deviceID.Int64, lockedUntil: deviceLockedUntil}
		lockedUntil = deviceLockedUntil
	}
	locked := lockedUntil.Valid && now.Before(lockedUntil.Time)
	if locked || disabled.Valid || p.secret == "" || !s.live(now, created, expires, lastSeen, true) {
		if err := s.deleteSession(ctx, h); err != nil {
			return p, err
		}
		if locked {
			return p, errors.Join(ErrNoSession, ErrLocked)
		}
		return p, ErrNoSession
	}
	return p, nil
}

// completePending uses up code, when it is good, for the pending login p
// and completes its session (token hash h), which gets newToken; a login
// from a browser that was not trusted records a new device, whose token
// it returns. A good code when what p counts against was locked meanwhile
// gives ErrLocked; a session completed or ended meanwhile gives
// ErrNoSession.
func (s *Service) completePending(ctx context.Context, tx *store.Tx, p pending, h, newToken, code string, now time.Time) (bool, string, error) {
	accepted, err := useSecondFactor(ctx, tx, p.user.ID, p.secret, p.lastStep, code, now)
	if err != nil || !accepted {
		return false, "", err
	}
	open, err := s.loggedIn(ctx, tx, p.user.ID, p.lock(), true, now)
	if err != nil {
		return false, "", err
	}
	if !open {
		return false, "", ErrLocked
	}
	res, err := tx.ExecContext(ctx, `UPDATE sessions SET token_hash = $1, mfa_pending = $2, last_seen_at = $3
		WHERE token_hash = $4 AND mfa_pending`, hashToken(newToken), false, now, h)
	if err != nil {
		return false, "", err
	}
	n, err := res.RowsAffected()
	if err == nil && n != 1 {
		err = ErrNoSession // completed or ended by a request that came first
	}
	if err != nil || p.dev != nil {
		return err == nil, "", err
	}
	deviceToken, err := s.newDevice(ctx, tx, &p.user, now)
	return err == nil, deviceToken, err
}
