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
	"github.com/wiredesk/wiredesk/store/sqlite"
)

// Open opens the store dsn names, creating and migrating it as needed:
//
//   - a path ("wiredesk.db", "/var/lib/wiredesk/wiredesk.db") is an
//     SQLite file (store/sqlite);
//   - any other "scheme://" URL is refused with an error naming the
//     scheme, until a backend for it exists.
func Open(ctx context.Context, dsn string) (store.Store, error) {
	switch scheme := schemeOf(dsn); scheme {
	case "":
		db, err := sqlite.Open(ctx, dsn)
		if err != nil {
			return nil, err
		}
		return db, nil
	// A PostgreSQL backend (store/postgres) adds its case here:
	// case "postgres", "postgresql": return postgres.Open(ctx, dsn)
	default:
		return nil, fmt.Errorf("store: open %s: no backend for %q URLs (a file path opens SQLite)", redact(dsn), scheme)
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

// redact drops the password of a URL-shaped dsn so that an error message
// can name the store without leaking its credentials.
func redact(dsn string) string {
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return dsn
	}
	userinfo, host, ok := strings.Cut(rest, "@")
	if !ok || strings.Contains(userinfo, "/") {
		return dsn
	}
	if user, _, hasPass := strings.Cut(userinfo, ":"); hasPass {
		return scheme + "://" + user + ":xxxxx@" + host
	}
	return dsn
}
