package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Backup writes a consistent, compacted copy of the database to out with
// VACUUM INTO, from a read snapshot, so polling continues meanwhile. It
// refuses to overwrite an existing file.
func (db *DB) Backup(ctx context.Context, out string) error {
	// out is a plain path. SQLite reads a name starting "file:" as a URI
	// ("file:/x.db?vfs=memdb" wrote nothing; "file:bk.db" went past the
	// check below to bk.db): an absolute path never starts so.
	abs, err := filepath.Abs(out)
	if err != nil {
		return fmt.Errorf("store: backup to %s: %w", out, err)
	}
	if _, err := os.Lstat(abs); err == nil {
		return fmt.Errorf("store: backup to %s: %w", out, fs.ErrExist)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: backup to %s: %w", out, err)
	}
	// A one-off connection: the readers are query_only, and the writer
	// must keep saving fetches while the copy is made.
	b, err := sql.Open("sqlite", dsn(db.path, roleBackup))
	if err != nil {
		return fmt.Errorf("store: backup to %s: %w", out, err)
	}
	b.SetMaxOpenConns(1)
	if _, err := b.ExecContext(ctx, `VACUUM INTO ?`, abs); err != nil {
		return errors.Join(fmt.Errorf("store: backup to %s: %w", out, err), b.Close())
	}
	if err := b.Close(); err != nil {
		return fmt.Errorf("store: backup to %s: %w", out, err)
	}
	if fi, err := os.Stat(abs); err != nil || fi.Size() == 0 {
		return fmt.Errorf("store: backup to %s: no copy was written: %w", out, errors.Join(err, fs.ErrNotExist))
	}
	return nil
}

// Size reports the database size in bytes (page_count × page_size), not
// counting the WAL file.
func (db *DB) Size(ctx context.Context) (int64, error) {
	var pages, size int64
	if err := db.reader.QueryRowContext(ctx, `SELECT page_count, page_size
		FROM pragma_page_count(), pragma_page_size()`).Scan(&pages, &size); err != nil {
		return 0, fmt.Errorf("store: size: %w", err)
	}
	return pages * size, nil
}

// IntegrityCheck runs SQLite's integrity and foreign key checks and
// returns an error describing what they found, or nil.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	rows, err := db.reader.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	var problems []string
	err = eachRow(rows, func(sc func(...any) error) error {
		var msg string
		if err := sc(&msg); err != nil {
			return err
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	rows, err = db.reader.QueryContext(ctx, `SELECT "table", rowid, parent FROM pragma_foreign_key_check`)
	if err != nil {
		return fmt.Errorf("store: foreign key check: %w", err)
	}
	err = eachRow(rows, func(sc func(...any) error) error {
		var table, parent string
		var rowid any
		if err := sc(&table, &rowid, &parent); err != nil {
			return err
		}
		problems = append(problems, fmt.Sprintf("%s row %v: missing %s", table, rowid, parent))
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: foreign key check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("store: integrity check: %s", strings.Join(problems, "; "))
	}
	return nil
}
