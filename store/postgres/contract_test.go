package postgres

import (
	"testing"

	"github.com/wiredesk/wiredesk/internal/pgtest"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/storetest"
)

// TestContract runs the store contract on a fresh database per test.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		db, err := Open(t.Context(), pgtest.URL(t))
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		return db
	})
}
