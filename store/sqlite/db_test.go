package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"path/filepath"
	"testing"

	"github.com/wiredesk/wiredesk/story"
)

func TestPragmasOnEveryConnection(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	want := map[string]int64{"foreign_keys": 1, "busy_timeout": 10000, "synchronous": 1}

	check := func(t *testing.T, c *sql.Conn, queryOnly int64) {
		t.Helper()
		var mmap int64
		if err := c.QueryRowContext(ctx, "PRAGMA mmap_size").Scan(&mmap); err != nil {
			t.Fatalf("mmap_size: %v", err)
		}
		if want := queryOnly << 30; mmap != want {
			t.Errorf("mmap_size = %d, want %d", mmap, want)
		}
		var cache int64
		if err := c.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache); err != nil {
			t.Fatalf("cache_size: %v", err)
		}
		if want := map[int64]int64{0: -16384, 1: -2000}[queryOnly]; cache != want {
			t.Errorf("cache_size = %d, want %d", cache, want)
		}
		t.Helper()
		for p, v := range want {
			var got int64
			if err := c.QueryRowContext(ctx, "PRAGMA "+p).Scan(&got); err != nil {
				t.Fatalf("PRAGMA %s: %v", p, err)
			}
			if got != v {
				t.Errorf("PRAGMA %s = %d, want %d", p, got, v)
			}
		}
		var mode string
		if err := c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatalf("journal_mode: %v", err)
		}
		if mode != "wal" {
			t.Errorf("journal_mode = %q, want wal", mode)
		}
		var qo int64
		if err := c.QueryRowContext(ctx, "PRAGMA query_only").Scan(&qo); err != nil {
			t.Fatalf("query_only: %v", err)
		}
		if qo != queryOnly {
			t.Errorf("query_only = %d, want %d", qo, queryOnly)
		}
	}

	t.Run("readers", func(t *testing.T) {
		// Hold every reader at once so each is a distinct connection.
		var conns []*sql.Conn
		for range readerConns {
			c, err := db.reader.Conn(ctx)
			if err != nil {
				t.Fatalf("reader conn: %v", err)
			}
			conns = append(conns, c)
		}
		for _, c := range conns {
			check(t, c, 1)
		}
		for _, c := range conns {
			if err := c.Close(); err != nil {
				t.Errorf("close: %v", err)
			}
		}
		if got := db.reader.Stats().OpenConnections; got != readerConns {
			t.Errorf("reader pool has %d connections, want %d", got, readerConns)
		}
	})
	t.Run("writer", func(t *testing.T) {
		// The writer pool holds one connection; discard it after each check
		// so that the next check runs on a freshly opened one.
		for range 3 {
			c, err := db.writer.Conn(ctx)
			if err != nil {
				t.Fatalf("writer conn: %v", err)
			}
			check(t, c, 0)
			// A temp table is private to its connection: finding none
			// proves this is not the previous connection again.
			var marks int
			if err := c.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_temp_master
				WHERE name = 'marker'`).Scan(&marks); err != nil {
				t.Fatalf("marker: %v", err)
			}
			if marks != 0 {
				t.Fatal("writer connection was reused, want a fresh one")
			}
			if _, err := c.ExecContext(ctx, `CREATE TEMP TABLE marker (x)`); err != nil {
				t.Fatalf("marker: %v", err)
			}
			if err := c.Raw(func(any) error { return driver.ErrBadConn }); !errors.Is(err, driver.ErrBadConn) {
				t.Fatalf("discard conn: %v", err)
			}
			if err := c.Close(); !errors.Is(err, sql.ErrConnDone) {
				t.Errorf("close discarded conn: %v", err)
			}
		}
		if got := db.writer.Stats().MaxOpenConnections; got != 1 {
			t.Errorf("writer MaxOpenConnections = %d, want 1", got)
		}
	})
	t.Run("reader cannot write", func(t *testing.T) {
		if _, err := db.reader.ExecContext(ctx, `UPDATE sources SET name = 'x'`); err == nil {
			t.Error("write on a reader connection succeeded")
		}
	})
}

func TestOpenPaths(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		path    string
		wantErr bool
	}{
		{"memory refused", ":memory:", true},
		{"empty refused", "", true},
		{"uri memory refused", "file:x?mode=memory", true},
		{"special characters", filepath.Join(t.TempDir(), "a b?c#d%20.db"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := Open(ctx, tt.path)
			if tt.wantErr {
				if err == nil {
					t.Fatal("Open succeeded")
				}
				return
			}
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if _, err := db.SyncSources(ctx, []story.SourceState{{URL: "https://a.example/"}}); err != nil {
				t.Errorf("SyncSources: %v", err)
			}
			if err := db.Close(); err != nil {
				t.Fatalf("Close: %v", err)
			}
			// Reopen: the same file, the same source.
			db, err = Open(ctx, tt.path)
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			defer func() {
				if err := db.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			}()
			srcs, err := db.Sources(ctx)
			if err != nil || len(srcs) != 1 {
				t.Fatalf("Sources = %v, %v; want one", srcs, err)
			}
		})
	}
}
