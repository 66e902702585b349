package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/internal/pgtest"
	"github.com/wiredesk/wiredesk/store"
)

// Nodes starting at once against an empty database apply each migration
// once: the advisory lock puts them in turn.
func TestMigrationsConcurrentStart(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := Open(ctx, url)
			if err == nil {
				err = db.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	db := openURL(t, url)
	ms, err := loadMigrations(migrationFS)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := db.SchemaVersion(ctx); err != nil || v != len(ms) {
		t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, len(ms))
	}
}

// An older node opens a database a newer node migrated further, unless a
// newer migration is marked breaking.
func TestNewerSchema(t *testing.T) {
	ctx := context.Background()
	for _, breaking := range []bool{false, true} {
		url := pgtest.URL(t)
		db := openURL(t, url)
		v, err := db.SchemaVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.pool.Exec(ctx, `ALTER TABLE items ADD COLUMN future text;
			INSERT INTO wiredesk_migrations (version, name, breaking) VALUES (`+strconv.Itoa(v+1)+`, '9999_future.sql', `+
			map[bool]string{false: "false", true: "true"}[breaking]+`)`); err != nil {
			t.Fatal(err)
		}
		again, err := Open(ctx, url)
		switch {
		case breaking && !errors.Is(err, store.ErrSchemaTooNew):
			t.Fatalf("breaking newer migration: Open = %v, want ErrSchemaTooNew", err)
		case !breaking && err != nil:
			t.Fatalf("additive newer migration: Open = %v", err)
		case !breaking:
			a := addSources(t, again, "https://a.example/")[0]
			save(t, again, a, testStory(a, "1", t0, "world"))
			if err := again.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestLoadMigrations(t *testing.T) {
	ms, err := loadMigrations(fstest.MapFS{
		"migrations/0001_a.sql": {Data: []byte("CREATE TABLE a (x int);\n")},
		"migrations/0002_b.sql": {Data: []byte("-- wiredesk:breaking\nALTER TABLE a DROP COLUMN x;\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if ms[0].breaking || !ms[1].breaking {
		t.Fatalf("breaking = %v, %v; want false, true", ms[0].breaking, ms[1].breaking)
	}
	if _, err := loadMigrations(fstest.MapFS{"migrations/0002_b.sql": {}}); err == nil {
		t.Fatal("a gap in the numbers was accepted")
	}
}

// A migration that fails leaves the database as it was.
func TestMigrationFailureRollsBack(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	pool := openURL(t, url).pool
	ms, err := loadMigrations(migrationFS)
	if err != nil {
		t.Fatal(err)
	}
	bad := fstest.MapFS{}
	for _, m := range ms {
		bad["migrations/"+m.name] = &fstest.MapFile{Data: []byte(m.sql)}
	}
	bad[fmt.Sprintf("migrations/%04d_x.sql", len(ms)+1)] = &fstest.MapFile{Data: []byte("CREATE TABLE x (y int);")}
	bad[fmt.Sprintf("migrations/%04d_y.sql", len(ms)+2)] = &fstest.MapFile{Data: []byte("SELECT no_such_function();")}
	if err := migrate(ctx, pool, bad); err == nil {
		t.Fatal("a failing migration succeeded")
	}
	var exists bool
	if err := pool.QueryRow(ctx, `SELECT to_regclass('x') IS NOT NULL`).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if exists {
		t.Fatal("table x of the failed batch was kept")
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM wiredesk_migrations`).Scan(&n); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		t.Fatal(err)
	}
	if n != len(ms) {
		t.Fatalf("%d migrations recorded, want %d", n, len(ms))
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://wd:s3cret@db.example:5432/wiredesk?sslmode=require",
			"postgres://wd:xxxxx@db.example:5432/wiredesk?sslmode=require"},
		{"postgresql://db.example/wiredesk?password=s3cret&user=wd",
			"postgresql://db.example/wiredesk?password=xxxxx&user=wd"},
		{"postgres://wd@/wiredesk?host=/run/postgresql", "postgres://wd@/wiredesk?host=/run/postgresql"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A connection failure names the database without its password.
func TestOpenErrorHidesPassword(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Open(ctx, "postgres://wd:s3cret@127.0.0.1:1/wiredesk?connect_timeout=1")
	if err == nil {
		t.Fatal("Open of a closed port succeeded")
	}
	if msg := err.Error(); strings.Contains(msg, "s3cret") {
		t.Fatalf("error shows the password: %s", msg)
	}
}

// A URL pgx cannot parse is named without its password.
func TestOpenBadURLHidesPassword(t *testing.T) {
	_, err := Open(context.Background(), "postgres://wd:s3cret@db.example:notaport/wiredesk")
	if err == nil {
		t.Fatal("a bad port was accepted")
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("error shows the password: %v", err)
	}
}
