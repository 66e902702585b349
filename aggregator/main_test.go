package aggregator

import (
	"os"
	"testing"

	"github.com/wiredesk/wiredesk/internal/pgtest"
)

// TestMain lets the tests of a shared store have a PostgreSQL server of
// their own when none is given (internal/pgtest).
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
