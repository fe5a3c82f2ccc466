// Package mail is ebok's outgoing mail. Domain packages call Enqueue in the
// transaction that makes the change a message announces (the outbox
// pattern), so that mail goes out if and only if the change is committed.
// A Worker then claims due messages with a lease, hands them to a Sender
// (SMTPSender, or FileSender when no SMTP server is configured), retries
// with backoff and keeps one Message-ID per message across attempts.
//
// Delivery is at least once: a node that dies after the SMTP server took a
// message but before recording it leaves the message to be sent again, with
// the same Message-ID, once its lease runs out.
//
// Outbox rows and their attachments are kept for good, sent or failed: a
// letter sent by e-mail keeps its PDF only as its e-mail's first attachment
// (see FirstAttachment), so a clean-up of the outbox must first copy those
// out.
package mail
