package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/internal/pgtest"
)

// Multi-node test size: 1,000 sources of two stories each, polled by
// nodes that share one PostgreSQL database. The first mnStalled requests
// to arrive are held until the test opens the gate, so that a node can be
// killed while it has fetches in flight; the gate opens well within
// fetch.timeout, so the survivors' held fetches succeed.
const (
	mnSources = 1000
	mnStories = 2
	mnStalled = 12
	mnTimeout = 15 * time.Second
	mnLease   = 18 * time.Second
)

// mnUpstream serves the multi-node test's feeds at /m/N.rss and records
// when each path was requested.
type mnUpstream struct {
	srv      *httptest.Server
	gate     chan struct{}
	stalled  chan int // a held request arrived
	mu       sync.Mutex
	requests map[int][]time.Time
	held     []int // the sources whose requests were held
	hold     int   // how many first requests to hold
}

func newMNUpstream(t *testing.T, hold int) *mnUpstream {
	u := &mnUpstream{gate: make(chan struct{}), stalled: make(chan int, hold), requests: map[int][]time.Time{}, hold: hold}
	u.srv = httptest.NewServer(u)
	t.Cleanup(u.srv.Close)
	t.Cleanup(u.open)
	return u
}

func (u *mnUpstream) open() {
	select {
	case <-u.gate:
	default:
		close(u.gate)
	}
}

func (u *mnUpstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var f int
	if _, err := fmt.Sscanf(r.URL.Path, "/m/%d.rss", &f); err != nil || f < 0 || f >= mnSources {
		http.NotFound(w, r)
		return
	}
	u.mu.Lock()
	u.requests[f] = append(u.requests[f], time.Now())
	hold := len(u.held) < u.hold && len(u.requests[f]) == 1
	if hold {
		u.held = append(u.held, f)
	}
	u.mu.Unlock()
	if hold {
		u.stalled <- f
		select {
		case <-u.gate:
		case <-r.Context().Done():
			return // the node that asked was killed
		}
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	if _, err := w.Write(mnFeed(f)); err != nil {
		return
	}
}

// hits returns how many times each source was requested.
func (u *mnUpstream) hits() map[int][]time.Time {
	u.mu.Lock()
	defer u.mu.Unlock()
	out := make(map[int][]time.Time, len(u.requests))
	for f, ts := range u.requests {
		out[f] = slices.Clone(ts)
	}
	return out
}

// mnFeed is source f's document: mnStories stories of random syllables,
// so that no two are near-duplicates and nothing merges.
func mnFeed(f int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Node wire %d</title>`+
		`<link>https://mn%d.example/</link><description>d</description>`, f, f)
	epoch := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	for i := range mnStories {
		rng := rand.New(rand.NewPCG(uint64(f), uint64(i)+99))
		fmt.Fprintf(&b, "<item><guid>mn-%d-%d</guid><title>%s (%d/%d)</title><link>https://mn%d.example/s/%d</link>"+
			"<description>%s</description><pubDate>%s</pubDate></item>\n",
			f, i, crashWords(rng, 7), f, i, f, i, crashWords(rng, 40),
			epoch.Add(time.Duration(f*mnStories+i)*time.Minute).Format(time.RFC1123Z))
	}
	b.WriteString("</channel></rss>")
	return b.Bytes()
}

func mnConfig(t *testing.T, base string) string {
	t.Helper()
	var y strings.Builder
	// One interval is the whole test: every source is due once, at start.
	fmt.Fprintf(&y, "site: {title: Node Desk, base_url: https://desk.example}\n"+
		"fetch: {interval: 1h, timeout: %s, lease: %s, concurrency: 16, per_host: 16, allow_private: true}\n"+
		"categories:\n  - {slug: world, title: World}\nsources:\n", mnTimeout, mnLease)
	for f := range mnSources {
		fmt.Fprintf(&y, "  - {name: Node wire %d, url: %q, category: world}\n", f, fmt.Sprintf("%s/m/%d.rss", base, f))
	}
	path := filepath.Join(t.TempDir(), "sources.yaml")
	writeFile(t, path, y.String())
	return path
}

// mnNode is one running "wiredesk serve" process.
type mnNode struct {
	name        string
	cmd         *exec.Cmd
	base, admin string
	stderr      *syncBuffer
	drained     chan struct{}
	killed      bool
}

func startNode(t *testing.T, bins, cfg, db, name string) *mnNode {
	t.Helper()
	n := &mnNode{name: name, stderr: &syncBuffer{}, drained: make(chan struct{})}
	n.cmd = exec.Command(filepath.Join(bins, "wiredesk"), "serve", "--addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0",
		"--config", cfg, "--db", db, "--node", name, "--log-level", "warn")
	n.cmd.Stderr = n.stderr
	stdout, err := n.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if n.killed {
			return
		}
		if err := n.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Errorf("stop %s: %v", name, err)
		}
		<-n.drained
		if err := n.cmd.Wait(); err != nil {
			t.Errorf("%s: %v\n%s", name, err, n.stderr.String())
		}
	})
	n.base, n.admin = hostileAddrs(t, stdout, n.drained)
	return n
}

func (n *mnNode) kill(t *testing.T) {
	t.Helper()
	if err := n.cmd.Process.Kill(); err != nil {
		t.Fatalf("kill -9 %s: %v", n.name, err)
	}
	<-n.drained
	if err := n.cmd.Wait(); err == nil {
		t.Errorf("%s exited cleanly after SIGKILL", n.name)
	}
	n.killed = true
}

// cpu is the user and system CPU time the node has used so far
// (/proc/PID/stat fields 14 and 15, in clock ticks of 1/100 s).
func (n *mnNode) cpu(t *testing.T) time.Duration {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", n.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	// The command name (field 2) may hold spaces: count from its ")".
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	var ticks int64
	for _, v := range f[11:13] {
		k, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			t.Fatalf("/proc/%d/stat: %v", n.cmd.Process.Pid, err)
		}
		ticks += k
	}
	return time.Duration(ticks) * 10 * time.Millisecond
}

// mnDB reads the shared database the way an operator would, with psql.
type mnDB struct {
	t    *testing.T
	conn *pgx.Conn
}

func openMNDB(t *testing.T, url string) *mnDB {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := conn.Close(context.Background()); err != nil {
			t.Errorf("close the test's database connection: %v", err)
		}
	})
	return &mnDB{t: t, conn: conn}
}

func (d *mnDB) strings(q string, args ...any) []string {
	d.t.Helper()
	rows, err := d.conn.Query(context.Background(), q, args...)
	if err != nil {
		d.t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		d.t.Fatal(err)
	}
	return out
}

func (d *mnDB) int(q string, args ...any) int {
	d.t.Helper()
	var n int
	if err := d.conn.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		d.t.Fatal(err)
	}
	return n
}

// sourceOf is the index of a source URL ("…/m/N.rss").
func sourceOf(t *testing.T, url string) int {
	t.Helper()
	var f int
	if _, err := fmt.Sscanf(url[strings.LastIndex(url, "/m/"):], "/m/%d.rss", &f); err != nil {
		t.Fatalf("source URL %q: %v", url, err)
	}
	return f
}

// TestMultiNode runs three "wiredesk serve" processes on one PostgreSQL
// database against an upstream of 1,000 sources. While a few fetches are
// held in flight, the node holding most of them is killed with SIGKILL
// and a newer, additive migration is applied under the survivors. Then:
// every source was fetched exactly once, except those the dead node had
// claimed and not saved, which another node fetched once more, and only
// after the dead node's lease ended; every story is stored once; every
// node serves the same /feeds/all.json bytes under the same ETag, so a
// conditional GET with one node's ETag is answered 304 by another; and a
// story withdrawn through one command leaves every node's feeds.
func TestMultiNode(t *testing.T) {
	// For the figures in docs/BENCHMARKS.md the same run takes another
	// number of nodes (1 for the single-node cost), and no kill:
	// WIREDESK_MULTINODE_NODES=2 WIREDESK_MULTINODE_KILL=0.
	n, kill := 3, os.Getenv("WIREDESK_MULTINODE_KILL") != "0"
	if v := os.Getenv("WIREDESK_MULTINODE_NODES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 || (kill && n < 3) {
			t.Fatalf("WIREDESK_MULTINODE_NODES=%q: want 1 or more nodes, 3 or more with a kill", v)
		}
	}
	start := time.Now()
	phase := func(what string) { t.Logf("%6.1fs %s", time.Since(start).Seconds(), what) }
	url := pgtest.URL(t)
	bins := buildWiredesk(t)
	phase("built")
	hold := 0
	if kill {
		hold = mnStalled
	}
	up := newMNUpstream(t, hold)
	if !kill {
		up.open()
	}
	cfg := mnConfig(t, up.srv.URL)
	db := openMNDB(t, url)
	var nodes []*mnNode
	for i := range n {
		nodes = append(nodes, startNode(t, bins, cfg, url, fmt.Sprintf("node%d", i+1)))
	}
	phase(fmt.Sprintf("%d nodes serving", n))

	var victim *mnNode
	inFlight := map[int]time.Time{}
	if kill {
		victim, inFlight = killMidPoll(t, up, db, nodes)
		migrateUnderLoad(t, db)
		up.open()
		phase("killed a node, migrated, opened the gate")
	}
	var live []*mnNode
	for _, n := range nodes {
		if n != victim {
			live = append(live, n)
		}
	}
	eventually2m(t, "every source fetched and saved", func() (bool, string) {
		n := db.int(`SELECT count(*) FROM sources WHERE last_success_at > 0`)
		return n == mnSources, fmt.Sprintf("%d of %d sources saved", n, mnSources)
	})

	phase("every source saved")
	hits := up.hits()
	for f := range mnSources {
		got := len(hits[f])
		_, leased := inFlight[f]
		switch {
		case slices.Contains(up.held, f) && leased:
			// Held at the gate when its node died: never saved.
			if got != 2 {
				t.Errorf("source %d (stalled on the dead node): fetched %d times, want twice", f, got)
			}
		case leased:
			if got != 1 && got != 2 {
				t.Errorf("source %d (in flight on the dead node): fetched %d times, want once or twice", f, got)
			}
		case got != 1:
			t.Errorf("source %d: fetched %d times, want exactly once", f, got)
		}
		if got == 2 && leased && hits[f][1].Before(inFlight[f]) {
			t.Errorf("source %d: taken over %v before the dead node's lease ended", f, inFlight[f].Sub(hits[f][1]))
		}
	}
	var takeover time.Duration
	for f, until := range inFlight {
		if len(hits[f]) == 2 {
			takeover = max(takeover, hits[f][1].Sub(until))
		}
	}
	if kill {
		t.Logf("dead node's sources fetched again at most %v after its leases ended (lease %v)", takeover.Round(time.Millisecond), mnLease)
	}
	var first, last time.Time
	for _, ts := range hits {
		if first.IsZero() || ts[0].Before(first) {
			first = ts[0]
		}
		last = maxTime(last, ts[len(ts)-1])
	}
	t.Logf("one cycle of %d sources on %d nodes: first request to last %v", mnSources, n, last.Sub(first).Round(time.Millisecond))
	for _, row := range db.strings(`SELECT lease_node || ' ' || count(*) FROM sources GROUP BY lease_node ORDER BY 1`) {
		t.Logf("fetched last by %s sources", row)
	}
	for _, n := range live {
		_, metrics := get(t, n.admin+"/metrics")
		t.Logf("%s: %s fetches, %s claims refused, %.2f CPU s so far (start, sync, its share of the cycle, the renders of every node's changes)",
			n.name, metricSum(metrics, "wiredesk_fetches_total"), metricSum(metrics, "wiredesk_claims_refused_total"), n.cpu(t).Seconds())
	}

	// 0 stories lost or duplicated.
	var want []string
	for f := range mnSources {
		for i := range mnStories {
			want = append(want, fmt.Sprintf("mn-%d-%d", f, i))
		}
	}
	slices.Sort(want)
	got := db.strings(`SELECT guid FROM items ORDER BY guid`)
	if !slices.Equal(got, want) {
		t.Errorf("stored %d stories, want the %d upstream carries, once each", len(got), len(want))
	}
	if n := db.int(`SELECT count(*) FROM items WHERE duplicate_of IS NOT NULL`); n != 0 {
		t.Errorf("%d stories merged as duplicates; the sources share none", n)
	}

	sameFeeds(t, live)
	phase("same feeds")
	feed0, _ := get(t, live[0].base+"/feeds/all.json")
	other := live[len(live)-1] // live[0] itself on one node, for the figures
	resp, _ := get(t, other.base+"/feeds/all.json", "If-None-Match", feed0.Header.Get("ETag"))
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET on %s with %s's ETag %s: %s, want 304", other.name, live[0].name, feed0.Header.Get("ETag"), resp.Status)
	}

	// An editor withdraws the newest story with one command: every node
	// drops it.
	newest := db.strings(`SELECT id FROM items ORDER BY published_at DESC LIMIT 1`)[0]
	runCmd(t, "withdraw", newest, "--reason", "test", "--db", url)
	withdrawn := time.Now()
	eventuallyWithin(t, 2*time.Minute, 20*time.Millisecond, "the withdrawn story gone from every node", func() (bool, string) {
		for _, n := range live {
			if _, body := get(t, n.base+"/feeds/all.json"); bytes.Contains(body, []byte(newest)) {
				return false, n.name + " still serves it"
			}
		}
		return true, ""
	})
	t.Logf("a withdrawal left every node's feed %v after the command returned", time.Since(withdrawn).Round(time.Millisecond))
	sameFeeds(t, live)
	phase("withdrawn everywhere")
}

// killMidPoll waits until the held requests are in flight, kills the
// node holding most of them with SIGKILL and returns it with the sources
// it had claimed and not released (its fetches in flight) and when each
// lease ends: another node may fetch these again, once the lease ended.
func killMidPoll(t *testing.T, up *mnUpstream, db *mnDB, nodes []*mnNode) (*mnNode, map[int]time.Time) {
	t.Helper()
	for range up.hold {
		<-up.stalled
	}
	held := map[string]int{}
	for _, node := range db.strings(`SELECT lease_node FROM sources WHERE lease_until > 0 AND url = ANY($1)`, stalledURLs(up)) {
		held[node]++
	}
	var victim *mnNode
	for _, n := range nodes {
		if victim == nil || held[n.name] > held[victim.name] {
			victim = n
		}
	}
	if held[victim.name] == 0 {
		t.Fatalf("no node holds a lease on a held source: %v", held)
	}
	victim.kill(t)
	inFlight := map[int]time.Time{}
	rows, err := db.conn.Query(context.Background(), `SELECT url, lease_until FROM sources WHERE lease_node = $1 AND lease_until > 0`, victim.name)
	if err != nil {
		t.Fatal(err)
	}
	var u string
	var until int64
	if _, err := pgx.ForEachRow(rows, []any{&u, &until}, func() error {
		inFlight[sourceOf(t, u)] = time.Unix(0, until)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	t.Logf("killed %s holding %d held fetches, %d leases in all; leases of held sources: %v", victim.name, held[victim.name], len(inFlight), held)
	return victim, inFlight
}

// migrateUnderLoad applies what a newer node's additive migration would
// while the nodes poll: a column on each of the two busiest tables, one
// statement each (one ALTER holding one table while waiting for the other
// could deadlock with a reader that holds them the other way round; see
// docs/CLUSTER.md).
func migrateUnderLoad(t *testing.T, db *mnDB) {
	t.Helper()
	for _, stmt := range []string{
		`ALTER TABLE sources ADD COLUMN future_note text NOT NULL DEFAULT ''`,
		`ALTER TABLE items ADD COLUMN future_rank integer NOT NULL DEFAULT 0`,
		`INSERT INTO wiredesk_migrations (version, name) SELECT max(version) + 1, '9999_future_additive.sql' FROM wiredesk_migrations`,
	} {
		if _, err := db.conn.Exec(context.Background(), stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
}

// sameFeeds waits until every node serves the same bytes under the same
// ETag for the feeds of "all" and the front and category pages: nothing
// node-local (render time, host) is in them.
func sameFeeds(t *testing.T, nodes []*mnNode) {
	t.Helper()
	eventually2m(t, "the same feeds and pages on every node", func() (bool, string) {
		for _, path := range []string{"/feeds/all.json", "/feeds/all.rss", "/feeds/all.atom", "/", "/c/world"} {
			resp0, body0 := get(t, nodes[0].base+path)
			for _, n := range nodes[1:] {
				resp, body := get(t, n.base+path)
				if !bytes.Equal(body, body0) || resp.Header.Get("ETag") != resp0.Header.Get("ETag") {
					return false, fmt.Sprintf("%s: %s: %d bytes %s, %s: %d bytes %s", path, nodes[0].name, len(body0),
						resp0.Header.Get("ETag"), n.name, len(body), resp.Header.Get("ETag"))
				}
				if lm0, lm := resp0.Header.Get("Last-Modified"), resp.Header.Get("Last-Modified"); lm != lm0 {
					t.Logf("%s: same bytes, Last-Modified %s on %s and %s on %s", path, lm0, nodes[0].name, lm, n.name)
				}
			}
		}
		_, body := get(t, nodes[0].base+"/feeds/all.json")
		return bytes.Contains(body, []byte(`"items"`)), "no items yet"
	})
}

// metricSum adds up the samples of a Prometheus counter in an exposition.
func metricSum(exposition []byte, name string) string {
	sum := 0.0
	for _, line := range strings.Split(string(exposition), "\n") {
		if rest, ok := strings.CutPrefix(line, name); ok && (strings.HasPrefix(rest, " ") || strings.HasPrefix(rest, "{")) {
			f := strings.Fields(rest[strings.LastIndexByte(rest, '}')+1:])
			if v, err := strconv.ParseFloat(f[len(f)-1], 64); err == nil {
				sum += v
			}
		}
	}
	return strconv.FormatFloat(sum, 'f', -1, 64)
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// stalledURLs are the URLs of the sources whose requests were held.
func stalledURLs(up *mnUpstream) []string {
	up.mu.Lock()
	defer up.mu.Unlock()
	var out []string
	for _, f := range up.held {
		out = append(out, fmt.Sprintf("%s/m/%d.rss", up.srv.URL, f))
	}
	return out
}
