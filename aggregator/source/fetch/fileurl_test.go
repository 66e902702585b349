package fetch

import (
	"bytes"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fileURL returns the file:// URL of path.
func fileURL(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

func TestFetchFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "wire feed.rss")
	v1 := []byte(`<rss version="2.0"><channel><title>v1</title></channel></rss>`)
	if err := os.WriteFile(path, v1, 0o644); err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2025, time.May, 6, 7, 8, 9, 0, time.UTC)
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	fc := testFetch()
	fc.FileRoot = dir
	f := newTestFetcher(fc)
	u := fileURL(path)

	first, err := f.FetchFile(t.Context(), Request{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	if first.NotModified || !bytes.Equal(first.Body, v1) || first.ContentType != "application/rss+xml" {
		t.Fatalf("first fetch: %+v", first)
	}
	if first.ETag == "" || first.LastModified != "Tue, 06 May 2025 07:08:09 GMT" || first.FinalURL != u {
		t.Fatalf("validators: etag %q last-modified %q final %q", first.ETag, first.LastModified, first.FinalURL)
	}

	unchanged := []struct {
		name string
		req  Request
		want bool
	}{
		{"etag", Request{ETag: first.ETag}, true},
		{"weak etag in a list", Request{ETag: `"other", W/` + first.ETag}, true},
		{"last-modified", Request{LastModified: first.LastModified}, true},
		{"older last-modified", Request{LastModified: "Mon, 05 May 2025 07:08:09 GMT"}, false},
		{"stale etag beats date", Request{ETag: `"stale"`, LastModified: first.LastModified}, false},
		{"no validators", Request{}, false},
	}
	for _, tc := range unchanged {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.URL = u
			resp, err := f.FetchFile(t.Context(), tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if resp.NotModified != tc.want || (resp.Body == nil) != tc.want {
				t.Fatalf("NotModified = %v with %d body bytes, want %v", resp.NotModified, len(resp.Body), tc.want)
			}
		})
	}

	t.Run("changed file", func(t *testing.T) {
		v2 := append(bytes.Clone(v1), "\n<!-- v2 -->"...)
		if err := os.WriteFile(path, v2, 0o644); err != nil {
			t.Fatal(err)
		}
		later := mtime.Add(time.Minute)
		if err := os.Chtimes(path, later, later); err != nil {
			t.Fatal(err)
		}
		resp, err := f.FetchFile(t.Context(), Request{URL: u, ETag: first.ETag, LastModified: first.LastModified})
		if err != nil {
			t.Fatal(err)
		}
		if resp.NotModified || !bytes.Equal(resp.Body, v2) || resp.ETag == first.ETag {
			t.Fatalf("changed file not refetched: %+v", resp)
		}
	})

	t.Run("missing", func(t *testing.T) {
		missing := filepath.Join(dir, "gone.xml")
		_, err := f.FetchFile(t.Context(), Request{URL: fileURL(missing)})
		fetchErr(t, err, KindHard)
		if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), missing) {
			t.Fatalf("err = %v, want not-exist naming %s", err, missing)
		}
	})
	t.Run("too large", func(t *testing.T) {
		fc := fc
		fc.MaxBody = int64(len(v1)) - 1
		_, err := newTestFetcher(fc).FetchFile(t.Context(), Request{URL: u})
		fetchErr(t, err, KindHard)
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("err = %v, want ErrTooLarge", err)
		}
	})
	t.Run("remote host", func(t *testing.T) {
		_, err := f.FetchFile(t.Context(), Request{URL: "file://fileserver/share/feed.xml"})
		fetchErr(t, err, KindHard)
	})
	t.Run("directory", func(t *testing.T) {
		_, err := f.FetchFile(t.Context(), Request{URL: fileURL(dir)})
		fetchErr(t, err, KindHard)
	})
}

// TestFetchSchemes: each of Fetch and FetchFile takes its own schemes
// only; the source's kind chooses between them.
func TestFetchSchemes(t *testing.T) {
	f := newTestFetcher(testFetch())
	if _, err := f.Fetch(t.Context(), Request{URL: "file:///etc/passwd"}); err == nil || !strings.Contains(err.Error(), `unsupported scheme "file"`) {
		t.Errorf("Fetch of a file URL = %v, want it refused", err)
	}
	if _, err := f.FetchFile(t.Context(), Request{URL: "https://example.org/feed"}); err == nil || !strings.Contains(err.Error(), "not a file URL") {
		t.Errorf("FetchFile of an https URL = %v, want it refused", err)
	}
}
