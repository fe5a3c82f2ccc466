package mail

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// leased is one outbox row this worker holds a lease on.
type leased struct {
	id         int64
	leaseUntil time.Time
	attempts   int
	out        Outgoing
	// later are the attachments read just before sending (see loadAll).
	later []laterAttachment
}

// ProcessOnce claims up to Batch due messages, sends them (Parallel at a
// time) and records each outcome. It returns how many were sent. A send failure is
// not an error of ProcessOnce: it is recorded on the message, which is
// retried after Backoff or, after MaxAttempts, marked failed. When ctx is
// cancelled mid-batch, the messages in hand are finished and recorded, the
// rest are released, and the error says ctx was cancelled.
func (w *Worker) ProcessOnce(ctx context.Context) (sent int, err error) {
	w.init()
	_, sent, err = w.process(ctx)
	return sent, err
}

// process is ProcessOnce, also telling how many messages it claimed.
func (w *Worker) process(ctx context.Context) (claimed, sent int, err error) {
	if w.DB == nil || w.Sender == nil {
		return 0, 0, errors.New("mail: worker needs DB and Sender")
	}
	leaseUntil := w.now().Add(w.lease())
	ids, err := w.claim(ctx, leaseUntil)
	if err != nil {
		return 0, 0, err
	}
	if err := w.stats.Add(ctx, w.DB, len(ids)); err != nil {
		// Only the plans suffer: send anyway.
		w.logger().WarnContext(ctx, "mail: planner statistics not refreshed", "node", w.node, "err", err)
	}
	// From here on the claimed rows are ours: finish the ones in hand even
	// when ctx is cancelled, and hand back the rest.
	loaded, err := w.loadAll(context.WithoutCancel(ctx), ids, leaseUntil)
	if err != nil {
		return len(ids), 0, errors.Join(err, w.release(context.WithoutCancel(ctx), ids, leaseUntil))
	}
	taken, sent, cancelled, err := w.sendClaimed(ctx, ids, loaded, leaseUntil)
	if cancelled {
		err = errors.Join(ctx.Err(), err)
	}
	return len(ids), sent, errors.Join(err, w.release(context.WithoutCancel(ctx), ids[taken:], leaseUntil))
}

// sendClaimed delivers claimed messages, Parallel at a time, in order. It
// stops handing out messages when ctx is cancelled, when a database error
// stops it, or when slow sends ate half the lease (the rest is left to a
// fresh claim rather than risk another worker taking them over mid-send).
// It returns how many it handed out (ids[:taken]) and how many were sent.
func (w *Worker) sendClaimed(ctx context.Context, ids []int64, loaded map[int64]*leased, leaseUntil time.Time) (taken, sent int, cancelled bool, err error) {
	bg := context.WithoutCancel(ctx)
	var (
		mu   sync.Mutex
		stop bool
		errs []error
	)
	take := func() (int64, bool) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case stop || taken >= len(ids):
			return 0, false
		case ctx.Err() != nil:
			cancelled, stop = true, true
			return 0, false
		case leaseUntil.Sub(w.now()) < w.lease()/2:
			stop = true
			return 0, false
		}
		taken++
		return ids[taken-1], true
	}
	var wg sync.WaitGroup
	for range min(w.parallel(), len(ids)) {
		wg.Go(func() {
			for {
				id, ok := take()
				if !ok {
					return
				}
				ok, err := w.deliver(bg, id, loaded[id])
				mu.Lock()
				if err != nil {
					errs, stop = append(errs, err), true
				} else if ok {
					sent++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return taken, sent, cancelled, errors.Join(errs...)
}

// deliver sends and records one claimed message, as loadAll read it (nil:
// its lease was lost before the batch was read). It reports whether the
// message was sent; an error means the database could not be used.
func (w *Worker) deliver(ctx context.Context, id int64, pre *leased) (bool, error) {
	log := w.logger().With("node", w.node, "outbox_id", id)
	if pre == nil {
		log.WarnContext(ctx, "mail: lease lost before sending", "err", leaseLost(id))
		return false, nil
	}
	// A copy, so that the large attachments read now are let go of once
	// sent, not kept with the batch.
	c := *pre
	c.out.Attachments = slices.Clone(pre.out.Attachments)
	if err := w.loadLater(ctx, &c); err != nil {
		return false, err
	}
	leaseUntil := c.leaseUntil
	log = log.With("message_id", c.out.MessageID)
	sendCtx, cancel := context.WithTimeout(ctx, leaseUntil.Sub(w.now()))
	sendErr := w.Sender.Send(sendCtx, c.out)
	cancel()
	if sendErr == nil {
		err := w.markSent(ctx, c)
		if errors.Is(err, errLeaseLost) {
			// Another worker may send it again; the Message-ID lets the
			// recipient's system tell the copies apart.
			log.WarnContext(ctx, "mail: sent, but the lease was lost", "err", err)
			return true, nil
		}
		if err != nil {
			return false, err
		}
		log.InfoContext(ctx, "mail: sent")
		return true, nil
	}
	attempts := c.attempts + 1
	failed := attempts >= w.maxAttempts() || errors.Is(sendErr, ErrPermanent)
	next := w.now().Add(w.backoff(attempts))
	err := w.markFailure(ctx, c, attempts, failed, next, shortError(sendErr))
	if errors.Is(err, errLeaseLost) {
		log.WarnContext(ctx, "mail: send failed and the lease was lost", "err", sendErr)
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if failed {
		log.ErrorContext(ctx, "mail: giving up", "attempts", attempts, "err", sendErr)
	} else {
		log.WarnContext(ctx, "mail: send failed, will retry", "attempts", attempts, "next_attempt_at", next, "err", sendErr)
	}
	return false, nil
}

// shortError is err's text cut to fit last_error: one line, at most 300
// bytes of valid UTF-8. Senders keep secrets out of their errors.
func shortError(err error) string {
	s := strings.Join(strings.Fields(err.Error()), " ")
	s = strings.ToValidUTF8(s, "?")
	if len(s) <= 300 {
		return s
	}
	s = s[:300]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}

// errLeaseLost: the lease ran out and another worker took the message over
// before this one could record the outcome.
var errLeaseLost = errors.New("mail: outbox lease lost")

func leaseLost(id int64) error {
	return fmt.Errorf("%w (outbox id %d)", errLeaseLost, id)
}
