package main

import (
	"bytes"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/internal/pgtest"
)

// Every command that takes --db takes a postgres:// URL too, from the
// flag or from WIREDESK_DB, and prints it without its password.
func TestDBFlagTakesAPostgresURL(t *testing.T) {
	_, cfg, _ := wireDesk(t, 2, 3)
	u, err := url.Parse(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), "s3cret") // the test cluster trusts any
	dsn := u.String()

	out := runCmd(t, "poll", "--once", "--config", cfg, "--db", dsn)
	if want := "total: 2 sources, 6 new"; !strings.Contains(out, want) {
		t.Fatalf("poll on PostgreSQL: want %q in\n%s", want, out)
	}
	t.Setenv("WIREDESK_DB", dsn)
	if out := runCmd(t, "poll", "--once", "--config", cfg); !strings.Contains(out, "0 new") {
		t.Fatalf("second poll through WIREDESK_DB:\n%s", out)
	}
	if out := runCmd(t, "withdrawals", "list"); strings.Contains(out, "s3cret") {
		t.Fatalf("withdrawals list shows the password:\n%s", out)
	}
	var stdout, stderr bytes.Buffer
	err = run(t.Context(), []string{"backup", "--out", filepath.Join(t.TempDir(), "b.db")}, &stdout, &stderr)
	msg := fmt.Sprint(err) + stdout.String() + stderr.String()
	if err == nil || !strings.Contains(msg, "pg_dump") || strings.Contains(msg, "s3cret") || !strings.Contains(msg, "xxxxx") {
		t.Fatalf("backup of a PostgreSQL store: %s", msg)
	}
}

// A database that cannot be reached is named in the error, without the
// password, whichever command met it.
func TestDBURLPasswordNotPrinted(t *testing.T) {
	_, cfg, _ := wireDesk(t, 1, 1)
	dsn := "postgres://wd:s3cret@127.0.0.1:1/wiredesk?connect_timeout=2"
	for _, args := range [][]string{
		{"poll", "--once", "--config", cfg, "--db", dsn},
		{"prune", "--config", cfg, "--db", dsn},
		{"withdrawals", "list", "--db", dsn},
		{"explain", "abc", "--db", dsn},
		{"restore", "abc", "--db", dsn},
	} {
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), args, &stdout, &stderr)
		msg := fmt.Sprint(err) + stdout.String() + stderr.String()
		if err == nil || strings.Contains(msg, "s3cret") || !strings.Contains(msg, "wd:xxxxx@127.0.0.1:1") {
			t.Errorf("%s: %s", args[0], msg)
		}
	}
}
