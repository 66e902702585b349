// Package backend opens a store.Store from the one string an operator
// gives (--db): a file path is an SQLite database; a URL names a database
// server. It is the only package that knows every backend, so that
// cmd/wiredesk and the benchmarks pick one without importing any.
package backend

import (
	"context"
	"fmt"
	"strings"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/postgres"
	"github.com/wiredesk/wiredesk/store/sqlite"
)

// Open opens the store dsn names, creating and migrating it as needed:
//
//   - a path ("wiredesk.db", "/var/lib/wiredesk/wiredesk.db") is an
//     SQLite file (store/sqlite);
//   - a postgres:// or postgresql:// URL is a PostgreSQL database
//     (store/postgres), which several wiredesk processes may share;
//   - any other "scheme://" URL is refused with an error naming the
//     scheme.
func Open(ctx context.Context, dsn string) (store.Store, error) {
	switch scheme := schemeOf(dsn); scheme {
	case "":
		db, err := sqlite.Open(ctx, dsn)
		if err != nil {
			return nil, err
		}
		return db, nil
	case "postgres", "postgresql":
		db, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, err
		}
		return db, nil
	default:
		return nil, fmt.Errorf("store: open %s: no backend for %q URLs (a file path opens SQLite, a postgres:// URL PostgreSQL)",
			Redact(dsn), scheme)
	}
}

// IsFile reports whether dsn names a store in a local file (SQLite),
// which a caller can check for existence before Open creates it.
func IsFile(dsn string) bool { return schemeOf(dsn) == "" }

// schemeOf returns the scheme of a URL-shaped dsn ("postgres" for
// "postgres://..."), and "" for a path.
func schemeOf(dsn string) string {
	scheme, _, ok := strings.Cut(dsn, "://")
	if !ok || len(scheme) < 2 || strings.ContainsAny(scheme, `/\.`) {
		return ""
	}
	return strings.ToLower(scheme)
}

// Redact returns dsn fit to print in a log line, an error or a page: a
// URL's password (in its user information or a password parameter) is
// replaced by "xxxxx"; a path is returned as it is.
func Redact(dsn string) string {
	if schemeOf(dsn) == "" {
		return dsn
	}
	return postgres.Redact(dsn)
}
