// Package pgtest gives each test a PostgreSQL database of its own, empty,
// dropped when the test ends.
//
// The server is the one named by WIREDESK_TEST_POSTGRES (a postgres:// URL
// of a role that may create databases; .ci/run starts a throwaway cluster
// and sets it). Without it, pgtest starts a throwaway cluster itself from
// Debian's binaries (/usr/lib/postgresql/N/bin, or initdb on PATH) in a
// temporary directory, listening on a Unix socket only, and stops and
// deletes it when the test binary ends: a package that uses pgtest calls
// Main from its TestMain. When PostgreSQL cannot be had, the tests that
// need it skip saying why, except under CI=true, where they fail: CI must
// never pass by skipping them.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/wiredesk/wiredesk/internal/pgcluster"
)

// EnvURL names the environment variable holding the server's admin URL.
const EnvURL = "WIREDESK_TEST_POSTGRES"

var (
	mu       sync.Mutex
	inMain   bool               // Main is running the tests
	started  *pgcluster.Cluster // the cluster this process started, if any
	adminURL string             // where databases are created
	failed   error              // why no server could be had (sticky)
)

// Main runs m's tests and then stops the cluster pgtest started for them,
// if it started one. Call it from TestMain: os.Exit(pgtest.Main(m)).
func Main(m *testing.M) int {
	mu.Lock()
	inMain = true
	mu.Unlock()
	code := m.Run()
	mu.Lock()
	defer mu.Unlock()
	if started != nil {
		if err := started.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
			if code == 0 {
				code = 1
			}
		}
		started = nil
	}
	return code
}

// URL returns the postgres:// URL of a new, empty database that only t
// uses; it is dropped (connections and all) when t ends. Without a server
// t is skipped, or failed under CI=true.
func URL(t testing.TB) string {
	t.Helper()
	admin, err := server()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("pgtest: PostgreSQL is required in CI: %v", err)
		}
		t.Skipf("pgtest: skipped, PostgreSQL cannot be started here: %v "+
			"(install Debian's postgresql package, or set %s=postgres://…)", err, EnvURL)
	}
	name := "wdtest_" + randomHex(8)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := adminExec(ctx, admin, "CREATE DATABASE "+name+" TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := adminExec(ctx, admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("pgtest: %s: %v", EnvURL, err)
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String()
}

// server returns the admin URL, starting a cluster on first use when
// WIREDESK_TEST_POSTGRES is unset.
func server() (string, error) {
	mu.Lock()
	defer mu.Unlock()
	if adminURL != "" || failed != nil {
		return adminURL, failed
	}
	if env := os.Getenv(EnvURL); env != "" {
		if !strings.HasPrefix(env, "postgres://") && !strings.HasPrefix(env, "postgresql://") {
			failed = fmt.Errorf("%s must be a postgres:// URL", EnvURL)
			return "", failed
		}
		adminURL = env
		return adminURL, nil
	}
	if !inMain {
		// A cluster started here would outlive the test binary.
		panic("pgtest: call os.Exit(pgtest.Main(m)) from the package's TestMain")
	}
	c, err := pgcluster.Start(context.Background())
	if err != nil {
		failed = err
		return "", err
	}
	started, adminURL = c, c.URL()
	return adminURL, nil
}

// adminExec runs one statement on the admin database.
func adminExec(ctx context.Context, admin, sql string) error {
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	_, err = conn.Exec(ctx, sql)
	if cerr := conn.Close(ctx); err == nil && cerr != nil {
		err = cerr
	}
	return err
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on Linux
	}
	return hex.EncodeToString(b)
}
