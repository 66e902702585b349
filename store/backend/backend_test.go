package backend

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/store/sqlite"
)

// A path opens SQLite; a URL of a scheme without a backend is refused
// with an error that names the scheme and not the password.
func TestOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wiredesk.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	if db, ok := s.(*sqlite.DB); !ok || db.Path() != path {
		t.Errorf("Open(path) = %T, want *sqlite.DB of %s", s, path)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	_, err = Open(t.Context(), "mysql://wire:hunter2@db.example:3306/wiredesk")
	if err == nil || !strings.Contains(err.Error(), `"mysql"`) || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("Open(mysql URL) error = %v, want one naming the scheme without the password", err)
	}
}
