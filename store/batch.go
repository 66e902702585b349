package store

import (
	"context"
	"errors"
	"fmt"
)

// SaveFetches stores several fetches in one transaction (group commit):
// each fetch is saved exactly as SaveFetch saves it, inside a savepoint of
// its own, and done(i, summary, nil) is called once fetch i is in the
// transaction, before the next one starts, so that a caller can update an
// index that the next fetch's Candidates reads. A fetch that fails is
// rolled back alone and reported by done(i, FetchSummary{}, err); the
// others are kept. The returned error is non-nil when the transaction as a
// whole could not begin or commit: then nothing of any fetch is kept, and
// the summaries already passed to done describe work that was lost.
//
// One commit per batch instead of one per fetch is what makes a busy poll
// cheap: the index pages that every fetch touches are written to the WAL
// (and checkpointed) once per batch rather than once per source.
func (db *DB) SaveFetches(ctx context.Context, fs []Fetch, done func(i int, sum FetchSummary, err error)) error {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: save %d fetches: begin: %w", len(fs), err)
	}
	now := db.now().UTC()
	for i, f := range fs {
		if err := ctx.Err(); err != nil {
			return rollback(tx, fmt.Errorf("store: save %d fetches: %w", len(fs), err))
		}
		if _, err := tx.ExecContext(ctx, "SAVEPOINT fetch"); err != nil {
			return rollback(tx, fmt.Errorf("store: save fetch of source %d: savepoint: %w", f.SourceID, err))
		}
		s, err := newSaver(ctx, tx, db.sv, f, now)
		if err == nil {
			err = s.run(f)
		}
		if err == nil {
			err = s.count()
		}
		if s != nil {
			err = errors.Join(err, s.close())
		}
		if err != nil {
			err = fmt.Errorf("store: save fetch of source %d: %w", f.SourceID, err)
			if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO fetch"); rerr != nil {
				return rollback(tx, errors.Join(err, fmt.Errorf("rollback to savepoint: %w", rerr)))
			}
		}
		if _, rerr := tx.ExecContext(ctx, "RELEASE fetch"); rerr != nil {
			return rollback(tx, errors.Join(err, fmt.Errorf("store: save fetch of source %d: release savepoint: %w", f.SourceID, rerr)))
		}
		if err != nil {
			done(i, FetchSummary{}, err)
			continue
		}
		done(i, s.summary(), nil)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: save %d fetches: commit: %w", len(fs), err)
	}
	return nil
}
