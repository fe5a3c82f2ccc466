package demo

// Storing the model: the register table by table, then the ledger
// streamed from the generator, through the engine's loader.

import (
	"context"
	"fmt"

	"github.com/ebok/ebok/internal/store"
)

// writer stores the model through a loader.
type writer struct {
	m      *model
	opts   Options
	logins []Login
	hashes []string
	ids    map[string]int64 // first explicit id of each table
	res    Result
}

// id returns the id of the table's record with the given index.
func (w *writer) id(table string, index int) int64 { return w.ids[table] + int64(index) }

// write stores the model in db through the loader of its engine.
func (w *writer) write(ctx context.Context, db *store.DB) error {
	run := func(l loader) error { return w.run(ctx, l) }
	switch db.Dialect() {
	case store.SQLite:
		return withSQLite(ctx, db, run)
	case store.Postgres:
		return withPostgres(ctx, db, run)
	}
	return fmt.Errorf("demo: unsupported database %q", db.Dialect())
}

// run stores the register and then the ledger through l.
func (w *writer) run(ctx context.Context, l loader) error {
	m := w.m
	// Checked again now that the loader holds the writer: another
	// generation may have taken the slug since Generate looked.
	exists, err := l.queryInt(ctx, "SELECT id FROM cooperatives WHERE slug = $1", w.opts.Slug)
	if err != nil {
		return fmt.Errorf("demo: look up slug: %w", err)
	}
	if exists.Valid {
		return fmt.Errorf("%w: slug %q", ErrExists, w.opts.Slug)
	}
	if err := w.reserveIDs(ctx, l); err != nil {
		return err
	}
	coopID := w.id("cooperatives", 0)
	l.started(coopID)
	w.res = Result{
		CoopID: coopID, EstateID: w.id("estates", 0), Estates: len(m.estates), Buildings: len(m.buildings), Premises: len(m.premises),
		Persons: len(m.persons), Members: m.currentMembers(),
	}
	if err := w.storeRegister(ctx, l); err != nil {
		return err
	}
	w.opts.Logger.Info("demo: register stored", "coop_id", coopID)
	entries, err := w.storeLedger(ctx, l)
	if err != nil {
		return err
	}
	w.res.Entries = entries
	w.opts.Logger.Info("demo: ledger written", "entries", entries)
	if err := l.finish(ctx, tables); err != nil {
		return err
	}
	w.opts.Logger.Info("demo: ledger stored", "entries", entries)
	return nil
}

// reserveIDs takes the first free id of every table: records are stored
// with explicit ids (base id plus index) so that children refer to their
// parents without reading anything back.
func (w *writer) reserveIDs(ctx context.Context, l loader) error {
	w.ids = make(map[string]int64, len(tables))
	for _, t := range tables {
		id, err := l.nextID(ctx, t)
		if err != nil {
			return fmt.Errorf("demo: next id of %s: %w", t, err)
		}
		w.ids[t] = id
	}
	return nil
}

// storeRegister stores every register table, parents first.
func (w *writer) storeRegister(ctx context.Context, l loader) error {
	for _, t := range w.registerTables() {
		rows, err := t.rows(l)
		if err != nil {
			return err
		}
		if err := l.insert(ctx, t.name, t.cols, rows); err != nil {
			return err
		}
	}
	return nil
}

// storeLedger streams the ledger of every premises into l and returns the
// number of entries stored.
func (w *writer) storeLedger(ctx context.Context, l loader) (int64, error) {
	m := w.m
	cal := newCalendar(m)
	lc := ledgerConfig{coopID: w.id("cooperatives", 0), firstID: w.ids["ledger_entries"], cal: cal, dueDay: m.dueDay}
	var entries int64
	err := l.ledger(ctx, lc, func(ctx context.Context, s ledgerSink) error {
		g := newLedgerGen(m, cal, w.opts.Seed)
		if err := w.generateLedger(ctx, g, s); err != nil {
			return err
		}
		entries = g.entries
		return nil
	})
	return entries, err
}

// generateLedger writes the ledger of every premises to s, logging
// progress at every tenth of the premises.
func (w *writer) generateLedger(ctx context.Context, g *ledgerGen, s ledgerSink) error {
	accounts := w.ids["accounts"]
	n := len(w.m.premises)
	step := max(1, n/10)
	for i := 0; i < n; i++ {
		if i%64 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		g.account(i, accounts+int64(i), s)
		if (i+1)%step == 0 && i+1 < n {
			w.opts.Logger.Info("demo: ledger", "accounts", i+1, "of", n, "entries", g.entries)
		}
	}
	return nil
}
