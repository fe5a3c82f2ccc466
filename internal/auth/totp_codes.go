package auth

// Second-factor codes as people type them, and the recovery codes that
// stand in for an authenticator app.

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/pquerna/otp"

	"github.com/ebok/ebok/internal/store"
)

// Recovery codes: ten of them, two groups of five readable symbols (about
// 50 bits each).
const (
	recoveryCodes    = 10
	recoveryGroups   = 2
	recoveryGroupLen = 5
)

// newRecoveryCodes draws a new set of recovery codes.
func newRecoveryCodes() ([]string, error) {
	codes := make([]string, recoveryCodes)
	for i := range codes {
		var err error
		if codes[i], err = readable(rand.Reader, recoveryGroups, recoveryGroupLen); err != nil {
			return nil, err
		}
	}
	return codes, nil
}

// replaceRecoveryCodes, in tx, deletes the user's recovery codes and keeps
// the hashes of codes instead.
func replaceRecoveryCodes(ctx context.Context, tx *store.Tx, userID int64, codes []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
		return err
	}
	for _, c := range codes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)`,
			userID, hashRecoveryCode(userID, c)); err != nil {
			return err
		}
	}
	return nil
}

// hashRecoveryCode hashes a recovery code with its user's id. The codes
// are random and long enough that a fast hash suffices; the id keeps one
// precomputed table from serving every user.
func hashRecoveryCode(userID int64, code string) string {
	sum := sha256.Sum256([]byte(strconv.FormatInt(userID, 10) + ":" + normalizeCode(code)))
	return hex.EncodeToString(sum[:])
}

// normalizeCode forgives how people type codes: spaces, hyphens, capitals.
func normalizeCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(code)))
}

// isTOTPCode tells an app code (six digits) from a recovery code.
func isTOTPCode(s string) bool {
	if len(s) != otp.DigitsSix.Length() {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
