package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// genesisHash is the previous hash of a chain's first row.
const genesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// encodingTag starts every encoding, so that a change of format can never
// be mistaken for the old one.
const encodingTag = "ebok-audit-v1"

// encode is the canonical byte form of an entry that its hash covers: the
// tag, then every field in a fixed order, each as an 8-byte big-endian
// length and its bytes; details as their count and then key and value of
// each, keys sorted. Being length-prefixed throughout, the encoding can be
// read back unambiguously, so two different entries never encode the same.
// At must already be normalised.
func encode(e Entry) []byte {
	b := make([]byte, 0, 256)
	b = append(b, encodingTag...)
	field := func(s string) {
		b = binary.BigEndian.AppendUint64(b, uint64(len(s)))
		b = append(b, s...)
	}
	field(strconv.FormatInt(e.CoopID, 10))
	field(strconv.FormatInt(e.Seq, 10))
	field(e.At.UTC().Format(time.RFC3339Nano))
	field(strconv.FormatInt(e.ActorID, 10))
	field(e.Actor)
	field(string(e.Action))
	field(e.Subject)
	field(strconv.FormatInt(e.PersonID, 10))
	field(e.IP)
	field(strconv.Itoa(len(e.Details)))
	keys := make([]string, 0, len(e.Details))
	for k := range e.Details {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		field(k)
		field(e.Details[k])
	}
	field(e.PrevHash)
	return b
}

// hashOf is the hex HMAC-SHA256 of an entry's canonical encoding under the
// chain key. Without a key (nil) it is the plain SHA-256 that chains had
// before they were keyed: only Rekey and tests of that old form use it.
func hashOf(key []byte, e Entry) string {
	if len(key) == 0 {
		sum := sha256.Sum256(encode(e))
		return hex.EncodeToString(sum[:])
	}
	m := hmac.New(sha256.New, key)
	m.Write(encode(e))
	return hex.EncodeToString(m.Sum(nil))
}

// detailsJSON stores details as canonical JSON: keys sorted (encoding/json
// sorts map keys), "{}" when there are none.
func detailsJSON(d map[string]string) (string, error) {
	if len(d) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("audit: encode details: %w", err)
	}
	return string(b), nil
}

// parseDetails reads stored details back; nil when there are none.
func parseDetails(s string) (map[string]string, error) {
	var d map[string]string
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		return nil, fmt.Errorf("audit: decode details: %w", err)
	}
	if len(d) == 0 {
		d = nil
	}
	return d, nil
}
