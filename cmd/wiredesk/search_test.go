package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
)

// TestCheckSavedSearches: check names the file and line of a saved
// search it refuses, and counts the saved searches of a good file.
func TestCheckSavedSearches(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	yaml := "categories:\n  - {slug: world}\nsources:\n  - {name: W, url: https://w.example/rss, category: world}\n" +
		"searches:\n  - slug: world\n    query: iran\n  - slug: deal\n    query: '\"nuclear deal'\n  - {slug: x, qurey: y}\n"
	if err := os.WriteFile(bad, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := report(run(t.Context(), []string{"check", bad}, &stdout, &stderr), &stderr); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	for _, want := range []string{
		bad + `:6: searches[0].slug: "world" is already a category's (line 2)`,
		bad + `:9: searches[1].query: malformed search: a quotation mark is not closed`,
		bad + `:10: searches[2].qurey: unknown key (did you mean "query"?)`,
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("check does not say %q:\n%s", want, stderr.String())
		}
	}
	good := filepath.Join(dir, "good.yaml")
	yaml = "categories:\n  - {slug: world}\nsources:\n  - {name: W, url: https://w.example/rss, category: world}\n" +
		"searches:\n  - {slug: iran, query: iran}\n  - {slug: deal, query: '\"nuclear deal\"', public: false}\n"
	if err := os.WriteFile(good, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := runCmd(t, "check", good); !strings.Contains(out, ": ok (1 categories, 1 sources, 1 enabled, 2 saved searches)") {
		t.Errorf("check said %q", out)
	}
}

// TestSavedSearchHotReload: adding a saved search to the running
// server's file publishes its feed with the stories that match; removing
// it takes the feed away.
func TestSavedSearchHotReload(t *testing.T) {
	up := upstreamtest.New(t)
	up.Handle("/a.rss", upstreamtest.OK(wireFeed(t, 1, 5, "rss"), upstreamtest.RSSType))
	base := "site: {base_url: https://desk.example}\nfetch: {allow_private: true}\ncategories:\n  - {slug: world, title: World}\nsources:\n" +
		fmt.Sprintf("  - {name: Wire A, url: %q, category: world}\n", up.URL("/a.rss"))
	// Story i of wire 1 is titled "…(1/i)": the phrase "1 0" is story 0's.
	search := "searches:\n  - {slug: first-two, title: First two, query: '\"1 0\" OR \"1 1\"'}\n"
	dir := t.TempDir()
	cfg := filepath.Join(dir, "sources.yaml")
	writeFile(t, cfg, base)
	srv := serveDesk(t, "--config", cfg, "--db", filepath.Join(dir, "w.db"))
	eventually(t, "source polled", func() (bool, string) {
		st := status(t, srv)
		return len(st.Sources) == 1 && st.Sources[0].Stories == 5, fmt.Sprintf("%+v", st.Sources)
	})
	if r, _ := get(t, srv+"/feeds/first-two.json"); r.StatusCode != 404 {
		t.Fatalf("before the reload: %d", r.StatusCode)
	}
	writeFile(t, cfg, base+search)
	eventually(t, "saved search published", func() (bool, string) {
		r, body := get(t, srv+"/feeds/first-two.json")
		return r.StatusCode == 200 && bytes.Count(body, []byte(`"id":`)) == 2, fmt.Sprintf("%d %s", r.StatusCode, body)
	})
	if _, opml := get(t, srv+"/opml"); !bytes.Contains(opml, []byte("/feeds/first-two.rss")) {
		t.Error("the saved search is not in the OPML")
	}
	writeFile(t, cfg, base)
	eventually(t, "saved search removed", func() (bool, string) {
		r, _ := get(t, srv+"/feeds/first-two.json")
		return r.StatusCode == 404, fmt.Sprint(r.StatusCode)
	})
}
