package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wiredesk/wiredesk/store"
)

func TestMigrationsApplied(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ms, err := loadMigrations(migrationFS)
	if err != nil {
		t.Fatalf("loadMigrations: %v", err)
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatalf("SchemaVersion: %v", err)
	}
	if v != len(ms) || v < 1 {
		t.Errorf("schema version %d, want %d", v, len(ms))
	}
	// Re-running is a no-op.
	if err := migrate(ctx, db.writer, migrationFS); err != nil {
		t.Fatalf("migrate again: %v", err)
	}
	for _, table := range []string{"sources", "items", "item_categories", "item_bands"} {
		countRows(t, db, table)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if _, err := db.writer.ExecContext(ctx, `PRAGMA user_version = 99`); err != nil {
		t.Fatalf("bump version: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	_, err = Open(ctx, path)
	if !errors.Is(err, store.ErrSchemaTooNew) {
		t.Fatalf("Open of a newer database: %v, want ErrSchemaTooNew", err)
	}
	ms, lerr := loadMigrations(migrationFS)
	if lerr != nil {
		t.Fatalf("loadMigrations: %v", lerr)
	}
	for _, want := range []string{"version 99", fmt.Sprintf("up to %d", len(ms))} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

// rawDB opens a bare connection for exercising migrate on its own.
func rawDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(filepath.Join(t.TempDir(), "m.db"), roleWriter))
	if err != nil {
		t.Fatalf("sql.Open: %v", err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

func TestMigrationFailureRollsBack(t *testing.T) {
	ctx := context.Background()
	db := rawDB(t)
	fsys := fstest.MapFS{
		"migrations/0001_a.sql": {Data: []byte(`CREATE TABLE a (x INTEGER);`)},
		"migrations/0002_b.sql": {Data: []byte(`CREATE TABLE b (x INTEGER); INSERT INTO nope VALUES (1);`)},
	}
	if err := migrate(ctx, db, fsys); err == nil || !strings.Contains(err.Error(), "0002_b.sql") {
		t.Fatalf("migrate = %v, want an error naming 0002_b.sql", err)
	}
	var v, tables int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != 1 {
		t.Errorf("user_version = %d after failed 0002, want 1", v)
	}
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'b'`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 0 {
		t.Error("table b of the failed migration survived")
	}
	// Fixed, it applies on the next start.
	fsys["migrations/0002_b.sql"] = &fstest.MapFile{Data: []byte(`CREATE TABLE b (x INTEGER);`)}
	if err := migrate(ctx, db, fsys); err != nil {
		t.Fatalf("migrate after fix: %v", err)
	}
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil || v != 2 {
		t.Errorf("user_version = %d, %v; want 2", v, err)
	}
}

func TestLoadMigrationsRejectsBadSets(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
	}{
		{"gap", fstest.MapFS{
			"migrations/0001_a.sql": {Data: []byte(`SELECT 1;`)},
			"migrations/0003_c.sql": {Data: []byte(`SELECT 1;`)},
		}},
		{"repeat", fstest.MapFS{
			"migrations/0001_a.sql": {Data: []byte(`SELECT 1;`)},
			"migrations/0001_b.sql": {Data: []byte(`SELECT 1;`)},
		}},
		{"no number", fstest.MapFS{"migrations/init.sql": {Data: []byte(`SELECT 1;`)}}},
		{"zero", fstest.MapFS{"migrations/0000_a.sql": {Data: []byte(`SELECT 1;`)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := loadMigrations(tt.fsys); err == nil {
				t.Error("loadMigrations accepted a bad set")
			}
		})
	}
}
