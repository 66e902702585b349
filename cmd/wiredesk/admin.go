package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/user"
	"time"

	"github.com/wiredesk/wiredesk/internal/clock"
	"github.com/wiredesk/wiredesk/store/backend"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/publisher"
	"github.com/wiredesk/wiredesk/store"
)

func cmdExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export", "Write the same feeds, pages and OPML that serve answers with, as static files\n"+
		"for a CDN or object store.", "wiredesk export --config sources.yaml --db wiredesk.db --out public/")
	sf := sharedFlags(fs, e)
	out := fs.String("out", "public", "output directory")
	cfg, db, log, err := sf.open(ctx, e, fs, args)
	if err != nil {
		return err
	}
	defer closeDB(db, log)
	pub := publisher.New(cfg, db, publisher.Options{Logger: log, Version: version})
	if err := pub.RebuildAll(ctx); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	if err := pub.Export(ctx, *out); err != nil {
		return fmt.Errorf("export to %s: %w", *out, err)
	}
	fmt.Fprintf(e.stdout, "exported to %s\n", *out)
	return nil
}

// shared are the flags of the subcommands that read the configuration
// and an existing database.
type shared struct {
	config, db *string
	mkLog      func() (*slog.Logger, error)
}

func sharedFlags(fs *flag.FlagSet, e *env) *shared {
	return &shared{
		config: fs.String("config", envOr(envConfig, "sources.yaml"), "configuration file ($WIREDESK_CONFIG)"),
		db:     fs.String("db", envOr(envDB, "wiredesk.db"), dbUsage),
		mkLog:  logFlags(fs, e),
	}
}

// parse parses args and builds the logger the flags ask for.
func (s *shared) parse(fs *flag.FlagSet, args []string) (*slog.Logger, error) {
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	return s.mkLog()
}

// open parses args, then loads the configuration and opens the database;
// the caller closes the database.
func (s *shared) open(ctx context.Context, e *env, fs *flag.FlagSet, args []string) (*config.Config, store.Store, *slog.Logger, error) {
	log, err := s.parse(fs, args)
	if err != nil {
		return nil, nil, nil, err
	}
	cfg, err := loadConfig(e, *s.config)
	if err != nil {
		return nil, nil, nil, err
	}
	db, err := openExisting(ctx, *s.db)
	if err != nil {
		return nil, nil, nil, err
	}
	return cfg, db, log, nil
}

// openExisting opens a database that must already exist, so that a typo
// in --db does not silently create an empty one.
func openExisting(ctx context.Context, path string) (store.Store, error) {
	if backend.IsFile(path) {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("database %s: %w", path, err)
		}
	}
	db, err := backend.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", backend.Redact(path), err)
	}
	return db, nil
}

func cmdPrune(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "prune", "Remove stories older than publish.retention, except those still in a published feed.",
		"wiredesk prune --config sources.yaml --db wiredesk.db")
	sf := sharedFlags(fs, e)
	cfg, db, log, err := sf.open(ctx, e, fs, args)
	if err != nil {
		return err
	}
	defer closeDB(db, log)
	horizon := clock.Now().Add(-cfg.Publish.Retention)
	n, err := db.Prune(ctx, horizon, cfg.Publish.MaxItems)
	if err != nil {
		return fmt.Errorf("prune: %w", err)
	}
	fmt.Fprintf(e.stdout, "pruned %d stories older than %s\n", n, horizon.UTC().Format(time.RFC3339))
	return nil
}

func cmdWithdraw(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "withdraw ID", "Remove a story from every feed and page. A tombstone keeps it from coming back\n"+
		"on the next poll; a running server applies it within 2 seconds. The editorial log\n"+
		"records the reason and who acted (wiredesk withdrawals log).",
		`wiredesk withdraw 3f2a9c0d1b7e4a55 --reason "legal request" --db wiredesk.db`)
	dbPath := fs.String("db", envOr(envDB, "wiredesk.db"), dbUsage)
	reason := fs.String("reason", "", "why the story was withdrawn (required; kept in the editorial log, never shown on public pages)")
	by := byFlag(fs)
	id, err := parseOne(fs, args, "a story ID")
	if err != nil {
		return err
	}
	if *reason == "" {
		return usageErr(fs, "--reason is required")
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer closeQuiet(e, db)
	it, err := db.Withdraw(ctx, id, *reason, *by)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "withdrew %s %q: %s\n", it.ID, it.Title, *reason)
	return nil
}

func cmdRestore(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "restore ID", "Undo a withdrawal: the story returns to its feeds and pages.",
		"wiredesk restore 3f2a9c0d1b7e4a55 --db wiredesk.db")
	dbPath := fs.String("db", envOr(envDB, "wiredesk.db"), dbUsage)
	by := byFlag(fs)
	id, err := parseOne(fs, args, "a story ID")
	if err != nil {
		return err
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer closeQuiet(e, db)
	it, err := db.Restore(ctx, id, *by)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "restored %s %q\n", it.ID, it.Title)
	return nil
}

// byFlag adds --by, who takes an editorial action, defaulting to the
// operator's login name.
func byFlag(fs *flag.FlagSet) *string {
	who := os.Getenv("USER")
	if who == "" {
		if u, err := user.Current(); err == nil {
			who = u.Username
		}
	}
	return fs.String("by", who, "who is acting, for the editorial log")
}

func cmdBackup(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "backup", "Write an online, consistent copy of the database (VACUUM INTO); safe while serving.",
		"wiredesk backup --db wiredesk.db --out backup-2026-11-25.db")
	dbPath := fs.String("db", envOr(envDB, "wiredesk.db"), dbUsage)
	out := fs.String("out", "", "backup file to create (must not exist)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageErr(fs, "--out is required")
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer closeQuiet(e, db)
	m, ok := db.(store.Maintainer)
	if !ok {
		return fmt.Errorf("backup of %s: this store backend is backed up with its own tools (PostgreSQL: pg_dump)", backend.Redact(*dbPath))
	}
	if err := m.Backup(ctx, *out); err != nil {
		return fmt.Errorf("backup to %s: %w", *out, err)
	}
	fmt.Fprintf(e.stdout, "backed up %s to %s\n", backend.Redact(*dbPath), *out)
	return nil
}

func closeQuiet(e *env, db store.Store) {
	if err := db.Close(); err != nil {
		fmt.Fprintln(e.stderr, "close database:", err)
	}
}
