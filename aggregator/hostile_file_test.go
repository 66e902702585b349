//go:build unix

package aggregator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/store/sqlite"
)

// TestHostileDropFolderNeverQuoted: a drop-folder file that is not a feed
// is named in the poll's error, never quoted. The file:// checks
// themselves are fetch.TestHostileDropFolder. Issue 12, item 4.
func TestHostileDropFolderNeverQuoted(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "agency"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"passwd":  "root:x:0:0:SECRET:/root:/bin/bash\n",
		"environ": "SECRET_TOKEN=hunter2\x00PATH=/bin\x00",
	} {
		if err := os.WriteFile(filepath.Join(root, "agency", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fc := testFetch()
	fc.FileRoot = root
	// A file that is not a feed is named, never quoted.
	p := newHostileFilePoller(t, fc, fileURL(filepath.Join(root, "agency", "passwd")), fileURL(filepath.Join(root, "agency", "environ")))
	for _, r := range p.PollOnce(t.Context(), nil) {
		if r.Err == nil || !strings.Contains(r.Err.Error(), "not a feed") {
			t.Errorf("%s: err = %v, want not a feed", r.Source.URL, r.Err)
		}
		for _, secret := range []string{"root:x", "SECRET", "hunter2", "/bin"} {
			if strings.Contains(r.Err.Error(), secret) {
				t.Errorf("%s: error quotes the file: %v", r.Source.URL, r.Err)
			}
		}
	}
}

// newHostileFilePoller polls the file:// urls under fc.FileRoot into a
// real store.
func newHostileFilePoller(t *testing.T, fc config.Fetch, urls ...string) *Poller {
	t.Helper()
	y := fmt.Sprintf("fetch:\n  file_root: %s\ncategories:\n  - slug: world\nsources:\n", fc.FileRoot)
	for i, u := range urls {
		y += fmt.Sprintf("  - {name: Drop %d, url: %q, category: world}\n", i, u)
	}
	cfg, err := config.Parse("drop.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p := NewPoller(cfg, db, PollerOptions{Fetcher: newTestFetcher(cfg.Fetch)})
	if err := p.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	return p
}
