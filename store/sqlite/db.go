// Package sqlite is wiredesk's embedded store: one SQLite file
// (modernc.org/sqlite, no cgo) holding the sources and their fetch state,
// one row per story, the categories stories are filed under, the change
// and editorial logs, the WebSub subscriptions and the near-duplicate band
// index. Its *DB implements store.Store and store.Maintainer; every SQL
// statement of wiredesk lives in this package.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/internal/clock"
	"github.com/wiredesk/wiredesk/store"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// readerConns is the size of the read-only pool. Reads are short (a page of
// a feed); a handful of connections keeps the publisher from queueing
// behind a slow one without multiplying SQLite page caches.
const readerConns = 4

// DB implements both store interfaces.
var (
	_ store.Store      = (*DB)(nil)
	_ store.Maintainer = (*DB)(nil)
)

// DB is an open wiredesk database: one writer connection, because SQLite
// admits one writer at a time and queueing in Go is cheaper than spinning
// on SQLITE_BUSY, and a small pool of read-only connections that WAL lets
// run alongside the writer.
type DB struct {
	path   string
	writer *sql.DB
	reader *sql.DB
	now    func() time.Time // injectable clock for tests
	rd, wr stmts            // hot statements prepared on each pool
	sv     stmts            // saverSQL, prepared once on the writer
	ckpt   *checkpointer
	vocab  *vocabulary // nil when the store keeps no search_terms
	ix     stmts       // indexSQL on the writer; nil without the index queue
}

// SetClock replaces the clock the store stamps first-seen times, editorial
// actions and prune horizons with (default clock.Now). Call it before the
// store is shared: tests and simulations that replay dated wire copy use it
// so that their outcome does not depend on today's date.
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// dsn builds the connection string. Settings go in the DSN, not in a
// one-off Exec, so that every connection the pool opens gets them:
//
//   - foreign_keys(1): ON DELETE CASCADE keeps categories and bands in
//     step with items, and a dangling duplicate_of is refused.
//   - busy_timeout(10000): another process (a backup, a second wiredesk
//     pointed at the same file) waits up to 10 s instead of failing.
//   - journal_mode(WAL): readers never block the writer nor the reverse.
//   - synchronous(NORMAL): in WAL mode this never corrupts the database,
//     but a power loss may drop the last few commits. We accept that: a
//     lost poll is fetched again on the next cycle, and the saving is one
//     fsync per transaction instead of two.
//   - _txlock=immediate (writer): a write transaction takes the write lock
//     at BEGIN, so two read-then-write transactions cannot deadlock into
//     "database is locked" despite the busy timeout.
//   - query_only (readers): a read connection cannot write by mistake.
//   - cache_size (writer, 16 MiB): the index pages a save touches stay
//     in memory between fetches. Larger is not better: SQLite walks the
//     writer's whole page cache at every commit: at 64 MiB a 10,000-source
//     poll cycle (go run ./bench pollscale) spent 16 % more CPU saving, 7 %
//     more in all, and peaked 100 MB higher.
//   - wal_autocheckpoint (writer, 20000 pages): checkpoints run in the
//     background (checkpointer), not inside a commit; this threshold is
//     the safety net should the background one fall behind, and
//     journal_size_limit (64 MiB) gives the file system back what a busy
//     spell made the WAL grow to.
//   - mmap_size (readers, 1 GiB): pages are read from the OS page cache
//     in place, shared by all readers, instead of copied by one pread per
//     page into each connection's own cache; it halves the CPU of a
//     category page in BenchmarkLatest. The writer does not map the file.
func dsn(path string, r role) string {
	var b strings.Builder
	b.WriteString("file:")
	b.WriteString(escapePath(path))
	b.WriteString("?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)")
	b.WriteString("&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)")
	switch r {
	case roleWriter:
		b.WriteString("&_txlock=immediate&_pragma=cache_size(-16384)")
		b.WriteString("&_pragma=wal_autocheckpoint(20000)&_pragma=journal_size_limit(67108864)")
	case roleReader:
		b.WriteString("&_txlock=deferred&_query_only=1&_pragma=mmap_size(1073741824)")
	case roleBackup, roleCheckpoint:
		// VACUUM INTO writes a new file, which query_only forbids; it
		// reads the database itself from a snapshot like any reader. A
		// checkpoint writes the database file.
		b.WriteString("&_txlock=deferred")
	}
	return b.String()
}

// role selects the connection settings of a pool.
type role int

const (
	roleWriter role = iota
	roleReader
	roleBackup
	roleCheckpoint
)

// escapePath quotes the characters that carry meaning in an SQLite URI
// filename (https://www.sqlite.org/uri.html) so any path opens as itself.
func escapePath(p string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return r.Replace(p)
}

// Open opens (creating if needed) the database file at path, applies any
// pending migrations and refuses a database written by a newer wiredesk.
// An in-memory database is refused: each pooled connection would see its
// own empty database.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" || path == ":memory:" || strings.Contains(path, "mode=memory") {
		return nil, fmt.Errorf("store: open %q: an on-disk file is required", path)
	}
	w, err := sql.Open("sqlite", dsn(path, roleWriter))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := migrate(ctx, w, migrationFS); err != nil {
		return nil, errors.Join(fmt.Errorf("store: open %s: %w", path, err), w.Close())
	}
	r, err := sql.Open("sqlite", dsn(path, roleReader))
	if err != nil {
		return nil, errors.Join(fmt.Errorf("store: open %s readers: %w", path, err), w.Close())
	}
	r.SetMaxOpenConns(readerConns)
	r.SetMaxIdleConns(readerConns)
	if err := r.PingContext(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("store: open %s readers: %w", path, err), r.Close(), w.Close())
	}
	db := &DB{path: path, writer: w, reader: r, now: clock.Now}
	var words, queue bool
	if words, err = hasTable(ctx, w, "search_terms"); words {
		db.vocab = newVocabulary()
	}
	if err == nil {
		queue, err = hasTable(ctx, w, "items_fts_pending")
	}
	if err == nil && queue {
		db.ix, err = prepareSQL(ctx, w, indexSQL)
	}
	if err == nil {
		err = db.applyLeftIndex(ctx)
	}
	if err == nil {
		db.rd, err = prepare(ctx, r)
	}
	if err == nil {
		db.wr, err = prepare(ctx, w)
	}
	if err == nil {
		db.sv, err = prepareSQL(ctx, w, saverSQL)
	}
	if err == nil {
		db.ckpt, err = startCheckpointer(path)
	}
	if err != nil {
		return nil, errors.Join(fmt.Errorf("store: open %s: %w", path, err), db.Close())
	}
	return db, nil
}

// Close closes both pools. In-flight transactions finish first.
func (db *DB) Close() error {
	var cerr error
	if db.ckpt != nil {
		cerr = db.ckpt.close()
	}
	return errors.Join(cerr, db.rd.close(), db.wr.close(), db.sv.close(), db.ix.close(), db.reader.Close(), db.writer.Close())
}

// Path is the file the database was opened from.
func (db *DB) Path() string { return db.path }

// rollback ends a transaction that is being abandoned, keeping the
// original error and adding the rollback's own if it failed.
func rollback(tx *sql.Tx, err error) error {
	if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
		return errors.Join(err, fmt.Errorf("rollback: %w", rerr))
	}
	return err
}

// toNS stores a time as Unix nanoseconds UTC; the zero time is 0. Times
// outside the int64 nanosecond range (years 1678–2262) are clamped, which
// only garbage upstream dates reach.
func toNS(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	minT, maxT := time.Unix(0, -1<<63+1), time.Unix(0, 1<<63-1)
	if t.Before(minT) {
		return minT.UnixNano()
	}
	if t.After(maxT) {
		return maxT.UnixNano()
	}
	return t.UnixNano()
}

// fromNS is the inverse of toNS, always in UTC.
func fromNS(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns).UTC()
}

// sep joins short lists (upstream categories, places) into one column.
const sep = "\x1f"

func joinList(xs []string) string {
	clean := make([]string, 0, len(xs))
	for _, x := range xs {
		if x = strings.ReplaceAll(x, sep, " "); x != "" {
			clean = append(clean, x)
		}
	}
	return strings.Join(clean, sep)
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, sep)
}
