//go:build unix

package fetch

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestHostileDropFolder: a file:// source is read only when it is a
// regular file under fetch.file_root reached without a symbolic link; a
// named pipe is refused at once instead of hanging the poll; and no error
// quotes what the file holds (the poller's side of that is
// aggregator.TestHostileDropFolderNeverQuoted). Issue 12, item 4.
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

	resp, err := f.FetchFile(t.Context(), Request{URL: fileURL(filepath.Join(root, "agency", "wire.rss"))})
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
			_, err := f.FetchFile(t.Context(), Request{URL: fileURL(tc.path)})
			fetchErr(t, err, KindHard)
			if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "PRIVATE") {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	t.Run("no file_root", func(t *testing.T) {
		_, err := newTestFetcher(testFetch()).FetchFile(t.Context(), Request{URL: fileURL(filepath.Join(root, "agency", "wire.rss"))})
		if !errors.Is(err, ErrOutsideFileRoot) || !strings.Contains(err.Error(), "set fetch.file_root") {
			t.Errorf("err = %v, want file:// refused without fetch.file_root", err)
		}
	})
}
