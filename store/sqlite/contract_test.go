package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/storetest"
)

// TestContract runs the store contract on a fresh database file per test.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		db, err := Open(t.Context(), filepath.Join(t.TempDir(), "wiredesk.db"))
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		return db
	})
}
