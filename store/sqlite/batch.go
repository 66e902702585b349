package sqlite

import (
	"context"
	"fmt"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// SaveFetches stores several fetches in one transaction (group commit),
// all or nothing: each fetch is saved exactly as SaveFetch saves it, and
// done(i, summary) is called once fetch i is in the transaction, before
// the next one starts, so that a caller can update an index that the next
// fetch's Candidates reads. On any error nothing of any fetch is kept,
// the summaries already passed to done describe work that was lost, and
// the error is a *BatchError when one fetch was at fault: the caller can
// then save the fetches one by one, so that a bad fetch costs only itself.
//
// One commit per batch instead of one per fetch is what makes a busy poll
// cheap: the pages that consecutive fetches touch (the tail of the story
// table and its time-ordered indexes, the sources table) are written to
// the WAL once per batch rather than once per source. There are no
// savepoints: a savepoint copies every page it first touches into a
// statement journal, a fifth of the cost of a save.
func (db *DB) SaveFetches(ctx context.Context, fs []story.Fetch, done func(i int, sum story.FetchSummary)) error {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: save %d fetches: begin: %w", len(fs), err)
	}
	now := db.now().UTC()
	var words []string
	for i, f := range fs {
		sum, err := db.saveIn(ctx, tx, f, now, &words)
		if err != nil {
			return rollback(tx, &store.BatchError{Index: i, SourceID: f.SourceID, Err: err})
		}
		done(i, sum)
	}
	if err := db.applyIndex(ctx, tx); err != nil {
		return rollback(tx, fmt.Errorf("store: save %d fetches: %w", len(fs), err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: save %d fetches: commit: %w", len(fs), err)
	}
	db.learn(words)
	return nil
}
