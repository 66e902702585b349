package backend

import (
	"os"
	"testing"

	"github.com/wiredesk/wiredesk/internal/pgtest"
	"github.com/wiredesk/wiredesk/store/postgres"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// postgres:// and postgresql:// URLs open store/postgres.
func TestOpenPostgres(t *testing.T) {
	for _, scheme := range []string{"postgres", "postgresql"} {
		url := pgtest.URL(t)
		url = scheme + url[len("postgres"):]
		s, err := Open(t.Context(), url)
		if err != nil {
			t.Fatalf("Open(%s): %v", url, err)
		}
		if _, ok := s.(*postgres.DB); !ok {
			t.Errorf("Open(%s URL) = %T, want *postgres.DB", scheme, s)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"/var/lib/wiredesk/wiredesk.db":                  "/var/lib/wiredesk/wiredesk.db",
		"postgres://wd:s3cret@db.example/wiredesk":       "postgres://wd:xxxxx@db.example/wiredesk",
		"postgresql://db.example/wiredesk?password=s3cr": "postgresql://db.example/wiredesk?password=xxxxx",
		"mysql://wire:hunter2@db.example:3306/wiredesk":  "mysql://wire:xxxxx@db.example:3306/wiredesk",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
