// Package audit keeps ebok's append-only, tamper-evident log: who did what,
// to which record and whose personal data, from where and when.
//
// Each cooperative has one hash chain. Every row carries the SHA-256 of a
// canonical encoding of its own fields and of the previous row's hash, and
// audit_heads holds the chain's end. Append writes inside the caller's
// transaction, so a row commits or rolls back with the change it records;
// Verify walks a chain and names the first row that no longer matches.
//
// The chain makes edits, deletions and reordering evident; it cannot stop
// someone with write access from rewriting a whole chain from a point on.
// Copying the heads (see Verify's counts and the head hash) somewhere else
// from time to time closes that gap.
package audit
