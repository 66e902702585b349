//go:build unix

package aggregator

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/store/sqlite"
)

// TestHostileDropFolder: a file:// source is read only when it is a
// regular file under fetch.file_root reached without a symbolic link; a
// named pipe is refused at once instead of hanging the poll; and no error
// quotes what the file holds. Issue 12, item 4.
func TestHostileDropFolder(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>Drop</title><item><guid>g</guid><title>Dropped story</title></item></channel></rss>`
	write := func(path, body string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "agency", "wire.rss"), feed)
	write(filepath.Join(outside, "private.rss"), strings.Replace(feed, "Dropped story", "PRIVATE story", 1))
	write(filepath.Join(root, "agency", "passwd"), "root:x:0:0:SECRET:/root:/bin/bash\n")
	write(filepath.Join(root, "agency", "environ"), "SECRET_TOKEN=hunter2\x00PATH=/bin\x00")
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	link(filepath.Join(outside, "private.rss"), "agency/private.rss")
	link(outside, "elsewhere")
	link(filepath.Join(root, "agency", "wire.rss"), "agency/alias.rss") // inside, still a link
	if err := syscall.Mkfifo(filepath.Join(root, "agency", "pipe.rss"), 0o644); err != nil {
		t.Fatal(err)
	}
	fc := testFetch()
	fc.FileRoot = root
	f := newTestFetcher(fc)

	resp, err := f.Fetch(t.Context(), Request{URL: fileURL(filepath.Join(root, "agency", "wire.rss"))})
	if err != nil || !strings.Contains(string(resp.Body), "Dropped story") {
		t.Fatalf("a regular file under the root: %v", err)
	}
	resp.Release()

	for _, tc := range []struct{ name, path, want string }{
		{"symlink out of the folder", filepath.Join(root, "agency", "private.rss"), "is a symbolic link"},
		{"symlinked directory", filepath.Join(root, "elsewhere", "private.rss"), "is a symbolic link"},
		{"symlink inside the folder", filepath.Join(root, "agency", "alias.rss"), "is a symbolic link"},
		{"outside the root", "/etc/passwd", "not under fetch.file_root"},
		{"dot-dot out of the root", root + "/agency/../../" + filepath.Base(outside) + "/private.rss", "not under fetch.file_root"},
		{"named pipe", filepath.Join(root, "agency", "pipe.rss"), "is a named pipe, not a regular file"},
		{"directory", filepath.Join(root, "agency"), "is a directory, not a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.Fetch(t.Context(), Request{URL: fileURL(tc.path)})
			fetchErr(t, err, KindHard)
			if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "PRIVATE") {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	t.Run("no file_root", func(t *testing.T) {
		_, err := newTestFetcher(testFetch()).Fetch(t.Context(), Request{URL: fileURL(filepath.Join(root, "agency", "wire.rss"))})
		if !errors.Is(err, ErrOutsideFileRoot) || !strings.Contains(err.Error(), "set fetch.file_root") {
			t.Errorf("err = %v, want file:// refused without fetch.file_root", err)
		}
	})
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

// TestHostileErrorsNeverQuoteBodies: whatever a body holds, the parse
// error shown on /status says what it looks like, never what it says.
// Issue 12, item 4.
func TestHostileErrorsNeverQuoteBodies(t *testing.T) {
	failed := 0
	for _, body := range []string{
		"SECRET plain text that is not a feed",
		"\x00\x01SECRET binary",
		`<?xml version="1.0"?><SECRET><x/></SECRET>`,
		`<rss version="2.0"><channel><SECRET></WRONG></channel></rss>`,
		`<rss version="2.0"><channel><title>t</title><item><title SECRET=1>x</title></item>` + "\x00",
		`{"version":"https://jsonfeed.org/version/1.1","items":[SECRET]}`,
		`{"version":"https://jsonfeed.org/version/1.1","title":{"SECRET":1}}`,
	} {
		_, err := Parse([]byte(body), "", "https://example.org/feed")
		if err == nil {
			continue // a broken XML feed may be recovered
		}
		failed++
		if strings.Contains(err.Error(), "SECRET") || strings.Contains(err.Error(), "WRONG") {
			t.Errorf("error quotes the body: %v", err)
		}
	}
	if failed < 5 {
		t.Errorf("only %d bodies failed to parse; the test lost its cases", failed)
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
