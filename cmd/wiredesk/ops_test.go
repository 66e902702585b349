package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/publisher"
)

// eventually polls cond until it holds or 20 s pass; it waits on a ticker,
// never a bare sleep, and reports what it last saw.
func eventually(t *testing.T, what string, cond func() (bool, string)) {
	t.Helper()
	eventuallyWithin(t, 20*time.Second, 50*time.Millisecond, what, cond)
}

// eventuallyWithin is eventually with its own deadline and polling period.
func eventuallyWithin(t *testing.T, limit, every time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	tick := time.NewTicker(every)
	defer tick.Stop()
	deadline := time.After(limit)
	for {
		ok, last := cond()
		if ok {
			return
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%s: never happened; last saw: %s", what, last)
		}
	}
}

func status(t *testing.T, base string) publisher.Status {
	t.Helper()
	_, body := get(t, adminOf(t, base)+"/status.json")
	var st publisher.Status
	if err := json.Unmarshal(body, &st); err != nil {
		t.Fatalf("status.json: %v\n%s", err, body)
	}
	return st
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	// Write beside and rename, as editors do, so the watcher sees a
	// complete file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

func TestHotReload(t *testing.T) {
	up := upstreamtest.New(t)
	up.Handle("/a.rss", upstreamtest.OK(wireFeed(t, 1, 5, "rss"), upstreamtest.RSSType))
	up.Handle("/b.atom", upstreamtest.OK(wireFeed(t, 2, 7, "atom"), upstreamtest.AtomType))
	head := "site: {base_url: https://desk.example}\nfetch: {allow_private: true}\ncategories:\n  - {slug: world, title: World}\n  - {slug: extra, title: Extra}\nsources:\n"
	srcA := fmt.Sprintf("  - {name: Wire A, url: %q, category: world}\n", up.URL("/a.rss"))
	srcB := fmt.Sprintf("  - {name: Wire B, url: %q, category: extra}\n", up.URL("/b.atom"))
	dir := t.TempDir()
	cfg := filepath.Join(dir, "sources.yaml")
	writeFile(t, cfg, head+srcA)
	base := serveDesk(t, "--config", cfg, "--db", filepath.Join(dir, "w.db"))

	eventually(t, "first source polled", func() (bool, string) {
		st := status(t, base)
		return len(st.Sources) == 1 && st.Sources[0].Stories == 5, fmt.Sprintf("%+v", st.Sources)
	})

	writeFile(t, cfg, head+srcA+srcB)
	eventually(t, "added source polled and published", func() (bool, string) {
		r, body := get(t, base+"/feeds/extra.json")
		return r.StatusCode == 200 && bytes.Count(body, []byte(`"id":`)) == 7, fmt.Sprintf("%d %d items", r.StatusCode, bytes.Count(body, []byte(`"id":`)))
	})

	writeFile(t, cfg, head+srcA+srcB+"  - {name: Broken, url: ftp://nope}\n")
	eventually(t, "invalid edit reported", func() (bool, string) {
		st := status(t, base)
		return strings.Contains(st.ConfigError, cfg+":9:"), st.ConfigError
	})
	if st := status(t, base); len(st.Sources) != 2 {
		t.Fatalf("an invalid edit changed the running config: %d sources", len(st.Sources))
	}

	writeFile(t, cfg, head+srcB)
	eventually(t, "removed source gone from status, error cleared", func() (bool, string) {
		st := status(t, base)
		return len(st.Sources) == 1 && st.Sources[0].Name == "Wire B" && st.ConfigError == "", fmt.Sprintf("%+v %q", st.Sources, st.ConfigError)
	})
}

func TestWithdrawAndRestore(t *testing.T) {
	_, cfg, db := wireDesk(t, 2, 4)
	runCmd(t, "poll", "--once", "--config", cfg, "--db", db)
	ids := storedIDs(t, db)
	var id string
	for k := range ids {
		id = k
		break
	}
	out := runCmd(t, "withdraw", id, "--reason", "legal request", "--db", db)
	if !strings.Contains(out, "withdrew "+id) {
		t.Fatalf("withdraw said %q", out)
	}
	if storedIDs(t, db)[id] {
		t.Fatal("withdrawn story still listed")
	}
	runCmd(t, "poll", "--once", "--config", cfg, "--db", db)
	if storedIDs(t, db)[id] {
		t.Fatal("withdrawn story came back on the next poll")
	}
	runCmd(t, "restore", id, "--db", db)
	if !storedIDs(t, db)[id] {
		t.Fatal("restored story not listed")
	}
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{"withdraw", id, "--db", db}, &bytes.Buffer{}, &stderr); err == nil {
		t.Error("withdraw without --reason succeeded")
	}
	if err := run(context.Background(), []string{"withdraw", "0000000000000000", "--reason", "x", "--db", db}, &bytes.Buffer{}, &stderr); err == nil {
		t.Error("withdrawing an unknown story succeeded")
	}
}

func TestSourcesAddDiscoversFeed(t *testing.T) {
	up := upstreamtest.New(t)
	up.Handle("/feed.rss", upstreamtest.OK(wireFeed(t, 3, 3, "rss"), upstreamtest.RSSType))
	page := (`<!doctype html><html><head><title>News</title>
<link rel="alternate" type="application/rss+xml" title="Top stories" href="/feed.rss"></head><body>hi</body></html>`)
	up.Handle("/news", upstreamtest.OK([]byte(page), "text/html; charset=utf-8"))
	cfg := filepath.Join(t.TempDir(), "sources.yaml")
	orig := "# my desk\nsite: {base_url: https://desk.example}\nfetch: {allow_private: true}  # loopback test\ncategories:\n  - {slug: world, title: World}\n  - {slug: africa, title: Africa}\nsources: []\n"
	writeFile(t, cfg, orig)
	out := runCmd(t, "sources", "add", up.URL("/news"), "--category", "africa", "--config", cfg)
	if !strings.Contains(out, up.URL("/feed.rss")) {
		t.Fatalf("sources add: %s", out)
	}
	got, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(got), "# my desk\n") || !strings.Contains(string(got), "# loopback test") {
		t.Errorf("comments lost:\n%s", got)
	}
	c, err := config.Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sources) != 1 || c.Sources[0].URL != up.URL("/feed.rss") || c.Sources[0].Category != "africa" || c.Sources[0].Name != "Wire 3" {
		t.Errorf("appended source: %+v", c.Sources)
	}
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{"sources", "add", up.URL("/news"), "--config", cfg}, &bytes.Buffer{}, &stderr); err == nil {
		t.Error("adding the same feed twice succeeded")
	}
}

func TestSourcesImportOPML(t *testing.T) {
	up := upstreamtest.New(t)
	cfg := filepath.Join(t.TempDir(), "sources.yaml")
	writeFile(t, cfg, "site: {base_url: https://desk.example}\ncategories:\n  - {slug: world, title: World}\nsources:\n")
	opml := filepath.Join(t.TempDir(), "subs.opml")
	writeFile(t, opml, fmt.Sprintf(`<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="News"><outline text="One" type="rss" xmlUrl="%s"/><outline text="Two" type="rss" xmlUrl="%s"/></outline></body></opml>`,
		up.URL("/1.rss"), up.URL("/2.rss")))
	out := runCmd(t, "sources", "import", opml, "--config", cfg)
	if !strings.Contains(out, "imported 2 sources") {
		t.Fatalf("import: %s", out)
	}
	list := runCmd(t, "sources", "list", "--config", cfg)
	if !strings.Contains(list, "One") || !strings.Contains(list, "Two") {
		t.Errorf("sources list:\n%s", list)
	}
	if out := runCmd(t, "sources", "import", opml, "--config", cfg); !strings.Contains(out, "nothing to import") {
		t.Errorf("re-import: %s", out)
	}
}

func TestEverySubcommandHasHelpWithExample(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if err := run(context.Background(), []string{c.name, "--help"}, &stdout, &stderr); err != nil {
				t.Fatalf("--help: %v", err)
			}
			if help := stdout.String() + stderr.String(); !strings.Contains(help, "Example") || !strings.Contains(help, "wiredesk "+c.name) {
				t.Errorf("--help lacks an example:\n%s", help)
			}
		})
	}
	var stdout bytes.Buffer
	if err := run(context.Background(), []string{"version"}, &stdout, &bytes.Buffer{}); err != nil || !strings.HasPrefix(stdout.String(), "wiredesk ") {
		t.Errorf("version: %q %v", stdout.String(), err)
	}
	if err := run(context.Background(), []string{"frobnicate"}, &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
		t.Error("an unknown subcommand succeeded")
	}
}

func TestBackupIsAUsableCopy(t *testing.T) {
	_, cfg, db := wireDesk(t, 2, 5)
	runCmd(t, "poll", "--once", "--config", cfg, "--db", db)
	out := filepath.Join(t.TempDir(), "backup.db")
	runCmd(t, "backup", "--db", db, "--out", out)
	if got, want := len(storedIDs(t, out)), len(storedIDs(t, db)); got != want || got != 10 {
		t.Errorf("backup holds %d stories, database %d (want 10)", got, want)
	}
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{"backup", "--db", db, "--out", out}, &bytes.Buffer{}, &stderr); err == nil {
		t.Error("backup overwrote an existing file")
	}
}

func TestStatusJSONAndMetrics(t *testing.T) {
	up := upstreamtest.New(t)
	up.Handle("/ok.rss", upstreamtest.OK(wireFeed(t, 4, 3, "rss"), upstreamtest.RSSType))
	up.Handle("/down.rss", upstreamtest.Status(http.StatusInternalServerError))
	dir := t.TempDir()
	cfg := filepath.Join(dir, "sources.yaml")
	writeFile(t, cfg, fmt.Sprintf("site: {base_url: https://desk.example}\nfetch: {allow_private: true}\ncategories:\n  - {slug: world, title: World}\nsources:\n"+
		"  - {name: Good, url: %q, category: world}\n  - {name: Bad, url: %q, category: world}\n  - {name: Off, url: %q, category: world, enabled: false}\n",
		up.URL("/ok.rss"), up.URL("/down.rss"), up.URL("/off.rss")))
	base := serveDesk(t, "--config", cfg, "--db", filepath.Join(dir, "w.db"))
	want := map[string]string{"Good": "ok", "Bad": "failing", "Off": "disabled"}
	eventually(t, "status shows each state", func() (bool, string) {
		st := status(t, base)
		got := map[string]string{}
		for _, s := range st.Sources {
			got[s.Name] = s.State
		}
		return fmt.Sprint(got) == fmt.Sprint(want), fmt.Sprint(got)
	})
	for _, s := range status(t, base).Sources {
		switch s.Name {
		case "Good":
			if s.Stories != 3 || s.HTTPStatus != 200 || s.LastFetch == nil || s.NextFetch == nil {
				t.Errorf("Good: %+v", s)
			}
		case "Bad":
			if s.HTTPStatus != 500 || !strings.Contains(s.LastError, "500") || s.ConsecutiveFailures != 1 {
				t.Errorf("Bad: %+v", s)
			}
		}
	}
	_, metrics := get(t, adminOf(t, base)+"/metrics")
	for _, name := range []string{"wiredesk_fetches_total", "wiredesk_fetch_duration_seconds", "wiredesk_stories_total",
		"wiredesk_sources_failing", "wiredesk_publish_delay_seconds", "wiredesk_http_requests_total",
		"wiredesk_render_duration_seconds", "wiredesk_database_bytes"} {
		if !bytes.Contains(metrics, []byte(name)) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
}

func TestWithdrawReachesRunningServer(t *testing.T) {
	_, cfg, db := wireDesk(t, 1, 3)
	runCmd(t, "poll", "--once", "--config", cfg, "--db", db)
	var id string
	for k := range storedIDs(t, db) {
		id = k
		break
	}
	base := serveDesk(t, "--config", cfg, "--db", db)
	if _, body := get(t, base+"/feeds/all.json"); !bytes.Contains(body, []byte("/a/"+id)) {
		t.Fatalf("story %s not served before withdrawal", id)
	}
	runCmd(t, "withdraw", id, "--reason", "legal request", "--db", db)
	eventually(t, "withdrawn story leaves the served feeds", func() (bool, string) {
		_, all := get(t, base+"/feeds/all.json")
		_, world := get(t, base+"/feeds/world.rss")
		r, _ := get(t, base+"/a/"+id)
		gone := !bytes.Contains(all, []byte("/a/"+id)) && !bytes.Contains(world, []byte("/a/"+id)) && r.StatusCode == http.StatusGone
		return gone, fmt.Sprintf("story page %d", r.StatusCode)
	})
	runCmd(t, "restore", id, "--db", db)
	eventually(t, "restored story returns", func() (bool, string) {
		_, all := get(t, base+"/feeds/all.json")
		return bytes.Contains(all, []byte("/a/"+id)), "not yet"
	})
}

func TestExportWritesStaticSite(t *testing.T) {
	_, cfg, db := wireDesk(t, 2, 3)
	runCmd(t, "poll", "--once", "--config", cfg, "--db", db)
	out := filepath.Join(t.TempDir(), "public")
	runCmd(t, "export", "--config", cfg, "--db", db, "--out", out)
	for _, name := range []string{"feeds/all.rss", "feeds/world.atom", "feeds/world.json", "index.html"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil || len(b) == 0 {
			t.Errorf("export lacks %s (%v)", name, err)
		}
	}
	b, err := os.ReadFile(filepath.Join(out, "feeds/all.rss"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("<item>")); n != 6 {
		t.Errorf("exported all.rss has %d stories, want 6", n)
	}
}
