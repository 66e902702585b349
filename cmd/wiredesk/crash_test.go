package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Crash test size: 40 feeds of up to 200 stories on one loopback upstream.
const (
	crashFeeds   = 40
	crashStories = 200
)

// crashUpstream serves crashFeeds RSS feeds at /wire/N.rss. Each feed shows
// its first `visible` stories (the test raises it between runs, so every
// run has new stories to insert while it is being killed) with an ETag
// per content, so unchanged feeds answer 304. Arrivals receives a value
// per request, for killing the poller at a chosen request.
type crashUpstream struct {
	srv      *httptest.Server
	visible  atomic.Int64
	arrivals chan struct{}
	mu       sync.Mutex
	docs     map[[2]int][]byte // (feed, visible) -> rendered document
}

func newCrashUpstream(t *testing.T) *crashUpstream {
	u := &crashUpstream{arrivals: make(chan struct{}, 4096), docs: map[[2]int][]byte{}}
	u.srv = httptest.NewServer(u)
	t.Cleanup(u.srv.Close)
	return u
}

func (u *crashUpstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	select {
	case u.arrivals <- struct{}{}:
	default:
	}
	var f int
	if _, err := fmt.Sscanf(r.URL.Path, "/wire/%d.rss", &f); err != nil || f < 0 || f >= crashFeeds {
		http.NotFound(w, r)
		return
	}
	n := int(u.visible.Load())
	etag := fmt.Sprintf(`"w%d-%d"`, f, n)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	if _, err := w.Write(u.doc(f, n)); err != nil {
		return // the poller was killed mid-response
	}
}

// doc renders feed f with its first n stories, newest first. Words are
// made of random syllables so that no two stories are near-duplicates
// and the outcome does not depend on the order sources are saved in.
func (u *crashUpstream) doc(f, n int) []byte {
	u.mu.Lock()
	defer u.mu.Unlock()
	if d, ok := u.docs[[2]int{f, n}]; ok {
		return d
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Crash wire %d</title>`+
		`<link>https://crash%d.example/</link><description>d</description>`, f, f)
	epoch := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := n - 1; i >= 0; i-- {
		rng := rand.New(rand.NewPCG(uint64(f), uint64(i)))
		fmt.Fprintf(&b, "<item><guid>crash-%d-%d</guid><title>%s (%d/%d)</title><link>https://crash%d.example/s/%d</link>"+
			"<description>%s</description><pubDate>%s</pubDate></item>\n",
			f, i, crashWords(rng, 7), f, i, f, i, crashWords(rng, 60),
			epoch.Add(time.Duration(f*crashStories+i)*time.Minute).Format(time.RFC1123Z))
	}
	b.WriteString("</channel></rss>")
	u.docs[[2]int{f, n}] = b.Bytes()
	return b.Bytes()
}

func crashWords(rng *rand.Rand, n int) string {
	syl := []string{"ka", "lo", "mi", "ra", "tu", "ve", "so", "ne", "pi", "da", "gu", "zo", "fe", "xi", "bra", "stor", "qen", "wyl"}
	words := make([]string, n)
	for i := range words {
		var w strings.Builder
		for range 2 + rng.IntN(3) {
			w.WriteString(syl[rng.IntN(len(syl))])
		}
		words[i] = w.String()
	}
	return strings.Join(words, " ")
}

// buildWiredesk compiles this command and the dbcheck helper (without
// -race, whatever the test runs under) into a temporary directory and
// returns the directory.
func buildWiredesk(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go tool is needed to build the binary under test: %v", err)
	}
	dir := t.TempDir()
	cmd := exec.CommandContext(t.Context(), goTool, "build", "-o", dir+string(filepath.Separator),
		".", "./testdata/reliability/dbcheck")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return dir
}

func crashConfig(t *testing.T, dir, base string) string {
	t.Helper()
	var y strings.Builder
	y.WriteString("fetch:\n  interval: 1m\n  timeout: 60s\n  concurrency: 16\n  per_host: 16\n  allow_private: true\n")
	y.WriteString("categories:\n  - slug: world\nsources:\n")
	for f := range crashFeeds {
		fmt.Fprintf(&y, "  - name: Crash wire %d\n    url: %s/wire/%d.rss\n    category: world\n", f, base, f)
	}
	path := filepath.Join(dir, "sources.yaml")
	if err := os.WriteFile(path, []byte(y.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestKillNineWhilePolling runs "wiredesk poll --once" against 40 feeds and
// SIGKILLs it at seeded random moments (after the k-th upstream request
// plus a random few milliseconds), restarting each time; the feeds grow
// between runs so that every run has stories to insert. After every kill
// the database passes PRAGMA integrity_check and the foreign key check,
// holds every (source, key) and every ID once, and still holds every story
// stored — in particular every story the "all" feed showed — before the
// kill. A final clean poll leaves exactly the stories (IDs and titles) of
// a database that was never killed.
func TestKillNineWhilePolling(t *testing.T) {
	kills := 24
	if testing.Short() {
		kills = 8
	}
	bins := buildWiredesk(t)
	up := newCrashUpstream(t)
	dir := t.TempDir()
	cfg := crashConfig(t, dir, up.srv.URL)
	dbPath := filepath.Join(dir, "killed.db")
	rng := rand.New(rand.NewPCG(20260601, uint64(kills)))
	var before crashReport
	completed := 0
	for round := range kills {
		up.visible.Store(int64(min(crashStories, 10+round*crashStories/kills)))
		k := 1 + rng.IntN(crashFeeds)
		delay := time.Duration(rng.IntN(40)) * time.Millisecond
		if crashRunKilled(t, bins, cfg, dbPath, up, k, delay) {
			completed++
		}
		after := crashInspect(t, bins, dbPath)
		crashCheck(t, round, before, after)
		t.Logf("kill %d after request %d + %s: %d stories before, %d after", round, k, delay, before.Stories, after.Stories)
		before = after
	}
	t.Logf("%d kills, %d runs finished before their kill", kills, completed)
	if completed > kills/2 {
		t.Errorf("%d of %d runs finished before the kill: the kills do not land mid-poll", completed, kills)
	}

	up.visible.Store(crashStories)
	crashRun(t, bins, cfg, dbPath)
	ref := filepath.Join(dir, "reference.db")
	crashRun(t, bins, cfg, ref)
	got, want := crashInspect(t, bins, dbPath), crashInspect(t, bins, ref)
	crashCheck(t, kills, before, got)
	if len(want.Rows) != crashFeeds*crashStories {
		t.Fatalf("reference database holds %d stories, want %d", len(want.Rows), crashFeeds*crashStories)
	}
	if !slices.Equal(got.Rows, want.Rows) || !slices.Equal(got.Feed, want.Feed) {
		t.Fatalf("after kills and a clean poll: %d stories, never-killed run: %d; first difference %s",
			len(got.Rows), len(want.Rows), crashFirstDiff(got.Rows, want.Rows))
	}
}

// crashRunKilled starts a poll, waits for the k-th upstream request, lets
// delay pass and kills the process with SIGKILL. It reports whether the
// run finished on its own first.
func crashRunKilled(t *testing.T, bins, cfg, dbPath string, up *crashUpstream, k int, delay time.Duration) bool {
	t.Helper()
	for len(up.arrivals) > 0 {
		<-up.arrivals
	}
	cmd := exec.CommandContext(t.Context(), filepath.Join(bins, "wiredesk"), "poll", "--once", "--config", cfg, "--db", dbPath, "--log-level", "error")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var timer <-chan time.Time
	for n := 0; ; n++ {
		if n == k {
			tm := time.NewTimer(delay)
			defer tm.Stop()
			timer = tm.C
		}
		select {
		case <-up.arrivals:
			continue
		case err := <-exited:
			if err != nil {
				t.Fatalf("poll exited before its kill: %v\n%s", err, out.String())
			}
			return true
		case <-timer:
		}
		break
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-exited
	return false
}

func crashRun(t *testing.T, bins, cfg, dbPath string) {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), filepath.Join(bins, "wiredesk"), "poll", "--once", "--config", cfg, "--db", dbPath).CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte(" 0 failed")) {
		t.Fatalf("clean poll: %v\n%s", err, out)
	}
}

// crashReport mirrors the JSON of testdata/reliability/dbcheck.
type crashReport struct {
	Integrity                   string
	Stories, IDs, Keys, Orphans int
	Feed, Rows                  []string
}

// crashInspect reopens the database after a kill with the dbcheck helper,
// which opens it through sqlite.Open exactly as a restart would.
func crashInspect(t *testing.T, bins, dbPath string) crashReport {
	t.Helper()
	var r crashReport
	if _, err := os.Stat(dbPath); err != nil {
		return r // killed before it created the file
	}
	out, err := exec.CommandContext(t.Context(), filepath.Join(bins, "dbcheck"), dbPath).Output()
	if err != nil {
		t.Fatalf("dbcheck %s: %v", dbPath, err)
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("dbcheck output: %v", err)
	}
	return r
}

// crashCheck asserts the database is sound after a kill and kept every
// story stored before it, including those the "all" feed showed.
func crashCheck(t *testing.T, round int, before, after crashReport) {
	t.Helper()
	if after.Integrity != "ok" && after.Integrity != "" {
		t.Fatalf("kill %d: integrity: %s", round, after.Integrity)
	}
	if after.Stories != after.IDs || after.Stories != after.Keys || after.Orphans != 0 || after.Stories != len(after.Rows) {
		t.Fatalf("kill %d: %d stories, %d distinct IDs, %d distinct (source, key), %d orphan categories",
			round, after.Stories, after.IDs, after.Keys, after.Orphans)
	}
	now := map[string]bool{}
	for _, row := range after.Rows {
		id, _, _ := strings.Cut(row, " ")
		now[id] = true
	}
	for _, id := range before.Feed {
		if !now[id] {
			t.Fatalf("kill %d: story %s, in the \"all\" feed before the kill, is gone", round, id)
		}
	}
	for _, row := range before.Rows {
		if id, _, _ := strings.Cut(row, " "); !now[id] {
			t.Fatalf("kill %d: story %s, stored before the kill, is gone", round, id)
		}
	}
}

func crashFirstDiff(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("at %d: got %q, want %q", i, got[i], want[i])
		}
	}
	return "one is a prefix of the other"
}
