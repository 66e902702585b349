// Package postgres is wiredesk's PostgreSQL store (driver pgx, one
// connection pool): the same data and the same semantics as the SQLite
// store, for several wiredesk nodes sharing one database.
//
// What differs from SQLite follows from concurrent writers. SQLite has one
// writer; here every transaction that writes stories, their categories,
// the change log or the editorial log first takes one transaction-level
// advisory lock (writeLock), held to its commit:
//
//   - the change log's and editorial log's sequence numbers are taken at
//     insert, not at commit; with writers in turn, sequence order is
//     commit order, so a partner following a cursor never skips a row
//     committed late;
//   - two nodes saving copies of one story at once still merge them: the
//     second finds the first among its near-duplicate candidates.
//
// A poll that brought no stories (a 304, a failure) writes only its
// source's row and takes no lock. Times are bigint Unix nanoseconds UTC,
// as in SQLite.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/wiredesk/wiredesk/internal/clock"
	"github.com/wiredesk/wiredesk/store"
)

// Advisory lock keys (pg_advisory_xact_lock), one per purpose, chosen to
// be unlikely to meet another application's in a shared database.
const (
	writeLock   int64 = 0x77697265_64657301 // "wiredes" 1: story writes
	migrateLock int64 = 0x77697265_64657302 // "wiredes" 2: migrations
)

var _ store.Store = (*DB)(nil)

// DB is an open wiredesk database on PostgreSQL.
type DB struct {
	pool *pgxpool.Pool
	url  string           // redacted: no password
	now  func() time.Time // injectable clock for tests
	// hosts: the host slot rows made (hostslots.go)
	hosts hostRows
}

// IsURL reports whether dsn names a PostgreSQL database (postgres:// or
// postgresql://) rather than an SQLite file.
func IsURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Redact returns the URL dsn with any password (in its user information
// or a password parameter) replaced by "xxxxx", for logs, errors and the
// status page.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		scheme, _, _ := strings.Cut(dsn, "://")
		return scheme + "://(a URL that does not parse)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// Open connects to the database at dsn (a postgres:// URL), applies any
// pending migrations and refuses a schema that a newer wiredesk changed
// in a way this one cannot read (a breaking migration; see migrate.go).
func Open(ctx context.Context, dsn string) (*DB, error) {
	red := Redact(dsn)
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", red, redactErr(err, dsn))
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", red, redactErr(err, dsn))
	}
	if err := migrate(ctx, pool, migrationFS); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: open %s: %w", red, redactErr(err, dsn))
	}
	return &DB{pool: pool, url: red, now: clock.Now}, nil
}

// redactErr keeps err's chain but, should its text carry the password,
// replaces the text.
func redactErr(err error, dsn string) error {
	u, perr := url.Parse(dsn)
	if perr != nil || err == nil {
		return err
	}
	if pw, ok := u.User.Password(); ok && pw != "" && strings.Contains(err.Error(), pw) {
		return redacted{err, strings.ReplaceAll(err.Error(), pw, "xxxxx")}
	}
	return err
}

type redacted struct {
	err error
	msg string
}

func (r redacted) Error() string { return r.msg }
func (r redacted) Unwrap() error { return r.err }

// Close closes the pool; in-flight transactions finish first.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Path is the database's URL without its password.
func (db *DB) Path() string { return db.url }

// SetClock replaces the clock the store stamps first-seen times,
// editorial actions and prune horizons with (default clock.Now). Call it
// before the store is shared.
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// read runs fn in one read-only, repeatable-read transaction, so that the
// queries of one answer see one snapshot.
func (db *DB) read(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return rollback(ctx, tx, err)
	}
	return tx.Commit(ctx)
}

// write runs fn in a transaction that holds the write lock (see the
// package comment) from its start to its commit.
func (db *DB) write(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, writeLock); err != nil {
		return rollback(ctx, tx, fmt.Errorf("write lock: %w", err))
	}
	if err := fn(tx); err != nil {
		return rollback(ctx, tx, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// rollback ends an abandoned transaction, keeping the original error and
// adding the rollback's own. The rollback runs even when ctx is done.
func rollback(ctx context.Context, tx pgx.Tx, err error) error {
	if rerr := tx.Rollback(context.WithoutCancel(ctx)); rerr != nil && !errors.Is(rerr, pgx.ErrTxClosed) {
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

// sep joins short lists (upstream categories, places, categories) into
// one column, as in the SQLite store.
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

// text makes s storable as PostgreSQL text, which admits neither NUL nor
// invalid UTF-8 (SQLite stores both): NULs are dropped and invalid bytes
// become U+FFFD. Valid text, the norm, is returned as it is.
func text(s string) string {
	if utf8.ValidString(s) && !strings.Contains(s, "\x00") {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}
