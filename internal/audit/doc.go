// Package audit keeps ebok's append-only, tamper-evident log: who did what,
// to which record and whose personal data, from where and when.
//
// Each cooperative has one hash chain. Every row carries the HMAC-SHA256,
// under a key kept outside the database (store.Options.ChainKey), of a
// canonical encoding of its own fields and of the previous row's hash, and
// audit_heads holds the chain's end. Append writes inside the caller's
// transaction, so a row commits or rolls back with the change it records;
// Verify walks a chain and names the first row that no longer matches.
//
// Without the key nobody can re-hash an edited chain. Deleting the newest
// rows and moving the head back leaves a chain intact in itself: anchors
// (Head, WriteAnchor), signed copies of the head kept elsewhere, reveal it
// (VerifyAnchored). Chains written before the key are converted once by
// Rekey.
package audit
