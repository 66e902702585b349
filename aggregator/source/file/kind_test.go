package file

import (
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/config"
)

// TestKindReadsDropFolder: a feed document in the drop folder is fetched
// with validators and parsed into entries; unchanged, it is NotModified;
// an http(s) URL is not this kind's.
func TestKindReadsDropFolder(t *testing.T) {
	root := t.TempDir()
	path := filepath.Join(root, "wire.rss")
	body := `<rss version="2.0"><channel><title>Drop</title><item><guid>g1</guid><title>Dropped &amp; read</title></item></channel></rss>`
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	fc := config.Fetch{Timeout: 5 * time.Second, MaxBody: 1 << 20, FileRoot: root}
	f := fetch.NewFetcher(fetch.NewHTTPClient(fc), fc, "wiredesk-test")
	u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
	resp, err := Kind{}.Fetch(t.Context(), f, fetch.Request{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Release()
	doc, err := Kind{}.Parse(resp)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Drop" || len(doc.Entries) != 1 || doc.Entries[0].Title != "Dropped & read" || doc.Entries[0].GUID != "g1" {
		t.Errorf("document %+v", doc)
	}
	again, err := Kind{}.Fetch(t.Context(), f, fetch.Request{URL: u, ETag: resp.ETag})
	if err != nil || !again.NotModified {
		t.Errorf("unchanged file: %+v, %v; want NotModified", again, err)
	}
	if _, err := (Kind{}).Fetch(t.Context(), f, fetch.Request{URL: "https://wire.example/rss"}); err == nil {
		t.Error("the file kind fetched an https URL")
	}
}
