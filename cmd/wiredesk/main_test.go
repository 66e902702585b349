package main

import (
	"os"
	"testing"

	"github.com/wiredesk/wiredesk/internal/pgtest"
)

// TestMain gives the multi-node tests a PostgreSQL server of their own
// when none is given (internal/pgtest).
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
