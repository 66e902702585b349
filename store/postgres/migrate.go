package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/wiredesk/wiredesk/store"
)

// migrationFS holds the numbered, append-only schema migrations. A file is
// never edited once released; a change is a new file.
//
// Nodes of different versions share one database during a rolling
// upgrade, so a migration only adds: new tables, new columns that are
// nullable or have a default, new indexes. It renames and drops nothing
// an older node reads. An older node opens a database that newer
// migrations reached as long as none of them is marked breaking: a file
// whose first line is "-- wiredesk:breaking" (a change older code would
// misread), which older nodes refuse with store.ErrSchemaTooNew. Every
// node must be upgraded before a breaking migration is deployed.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// breakingMark, as the first line of a migration, marks it breaking.
const breakingMark = "-- wiredesk:breaking"

// migration is one numbered SQL file.
type migration struct {
	version  int
	name     string
	sql      string
	breaking bool
}

// loadMigrations reads migrations/NNNN_name.sql from fsys, in order, and
// checks that the numbers run 1, 2, 3… without gaps or repeats.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	var ms []migration
	for _, n := range names {
		base := path.Base(n)
		num, _, ok := strings.Cut(base, "_")
		if !ok {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", base)
		}
		v, err := strconv.Atoi(num)
		if err != nil || v < 1 {
			return nil, fmt.Errorf("migration %s: bad version number %q", base, num)
		}
		body, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", base, err)
		}
		first, _, _ := strings.Cut(string(body), "\n")
		ms = append(ms, migration{version: v, name: base, sql: string(body),
			breaking: strings.TrimSpace(first) == breakingMark})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.name, i+1)
		}
	}
	return ms, nil
}

// migrationsTable records the applied migrations, so that a node knows
// which of a newer node's migrations are breaking without their files.
const migrationsTable = `CREATE TABLE IF NOT EXISTS wiredesk_migrations (
	version  integer PRIMARY KEY,
	name     text    NOT NULL,
	breaking boolean NOT NULL DEFAULT false,
	applied_at timestamptz NOT NULL DEFAULT now())`

// migrate brings the database to the newest version in fsys, every
// pending migration in one transaction that holds an advisory lock, so
// that nodes starting at once apply each migration once, in turn.
func migrate(ctx context.Context, pool *pgxpool.Pool, fsys fs.FS) error {
	ms, err := loadMigrations(fsys)
	if err != nil {
		return err
	}
	tx, err := pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("migrate: begin: %w", err)
	}
	if err := migrateIn(ctx, tx, ms); err != nil {
		return rollback(ctx, tx, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("migrate: commit: %w", err)
	}
	return nil
}

func migrateIn(ctx context.Context, tx pgx.Tx, ms []migration) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrateLock); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	if _, err := tx.Exec(ctx, migrationsTable); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	rows, err := tx.Query(ctx, `SELECT version, name, breaking FROM wiredesk_migrations ORDER BY version`)
	if err != nil {
		return fmt.Errorf("migrate: read applied: %w", err)
	}
	applied, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (migration, error) {
		var m migration
		err := r.Scan(&m.version, &m.name, &m.breaking)
		return m, err
	})
	if err != nil {
		return fmt.Errorf("migrate: read applied: %w", err)
	}
	for i, a := range applied {
		switch {
		case a.version != i+1:
			return fmt.Errorf("migrate: applied versions have a gap before %d", a.version)
		case a.version <= len(ms) && a.name != ms[i].name:
			return fmt.Errorf("migrate: version %d was applied as %s, this binary has %s",
				a.version, a.name, ms[i].name)
		case a.version > len(ms) && a.breaking:
			return fmt.Errorf("%w: migration %s is breaking, this binary knows versions up to %d",
				store.ErrSchemaTooNew, a.name, len(ms))
		}
	}
	for _, m := range ms[min(len(applied), len(ms)):] {
		if _, err := tx.Exec(ctx, m.sql); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO wiredesk_migrations (version, name, breaking) VALUES ($1, $2, $3)`,
			m.version, m.name, m.breaking); err != nil {
			return fmt.Errorf("migration %s: record: %w", m.name, err)
		}
	}
	return nil
}

// SchemaVersion reports the newest migration applied to the database,
// which may be newer than this binary's (see migrationFS).
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := db.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM wiredesk_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return v, nil
}
