package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
	"github.com/wiredesk/wiredesk/publisher"
)

// The secrets of the keyed sources in TestKeyedSourcesNeverLeak.
const (
	leakKey      = "LEAKKEY-7f3a9c" // literal apikey in the file
	leakPassword = "PASSWD-91c2e7"  // literal user:password in the file
	leakEnvToken = "ENVTOK-5b8d11"  // from the environment
	leakFailKey  = "FAILKEY-33aa0f" // key of a source that fails (its error quotes the URL)
	leakPartner  = "partner-token-4e5f6a7b8c9d"
)

// keyedUpstream serves a feed only to a request carrying the right key,
// as agency APIs do.
func keyedUpstream(t *testing.T) *httptest.Server {
	rss, atom := wireFeed(t, 1, 6, "rss"), wireFeed(t, 2, 6, "atom")
	// Agency APIs echo the key into their stories' links.
	echoed := bytes.ReplaceAll(rss, []byte("https://wire1.example/0?utm_source=rss"), []byte("https://wire1.example/0?utm_source=rss&amp;apikey="+leakKey))
	if bytes.Equal(echoed, rss) {
		t.Fatal("fixture: no link to put the key in")
	}
	rss = echoed
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, _ := r.BasicAuth()
		switch {
		case r.URL.Path == "/keyed.rss" && r.URL.Query().Get("apikey") == leakKey && user == "desk" && pass == leakPassword:
			w.Header().Set("Content-Type", upstreamtest.RSSType)
			_, _ = w.Write(rss)
		case r.URL.Path == "/env.atom" && r.URL.Query().Get("token") == leakEnvToken:
			w.Header().Set("Content-Type", upstreamtest.AtomType)
			_, _ = w.Write(atom)
		case r.URL.Path == "/fails.rss":
			http.Error(w, "upstream broke", http.StatusInternalServerError)
		default:
			http.Error(w, "bad key", http.StatusForbidden)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestKeyedSourcesNeverLeak ingests sources whose URLs carry keys and a
// password, then reads every byte wiredesk can emit: public pages, feeds
// (ninjs, cursor pages and RFC 5005 archives too), partner feeds, OPML,
// the export, the operator pages, the hub's status with a partner
// subscribed by a topic URL holding its token, and metrics, the output of
// check, poll, sources list, explain and withdrawals, and the info-level
// log. None may hold a secret.
func TestKeyedSourcesNeverLeak(t *testing.T) {
	up := keyedUpstream(t)
	t.Setenv("TEST_WIRE_TOKEN", leakEnvToken)
	t.Setenv("TEST_PARTNER_TOKEN", leakPartner)
	host := strings.TrimPrefix(up.URL, "http://")
	cfgText := fmt.Sprintf(`site:
  title: Leak Desk
  base_url: https://desk.example
fetch:
  allow_private: true
categories:
  - slug: world
  - slug: wires
    public: false
sources:
  - name: Keyed
    url: http://desk:%s@%s/keyed.rss?apikey=%s&lang=en
    category: world
  - name: Env
    url: http://%s/env.atom?token=${TEST_WIRE_TOKEN}
    category: wires
  - name: Fails
    url: http://%s/fails.rss?key=%s
    category: world
partners:
  - name: gazette
    token: ${TEST_PARTNER_TOKEN}
    categories: [wires]
`, leakPassword, host, leakKey, host, host, leakFailKey)
	dir := t.TempDir()
	cfg, db := filepath.Join(dir, "sources.yaml"), filepath.Join(dir, "wiredesk.db")
	if err := os.WriteFile(cfg, []byte(cfgText), 0o644); err != nil {
		t.Fatal(err)
	}

	var emitted bytes.Buffer // everything wiredesk wrote or answered
	var checkErr bytes.Buffer
	if err := run(context.Background(), []string{"check", "--config", cfg}, &emitted, &checkErr); err != nil {
		t.Fatalf("check: %v\n%s", err, checkErr.String())
	}
	if !strings.Contains(checkErr.String(), `query parameter "apikey" looks like a key`) || !strings.Contains(checkErr.String(), "password in the URL") {
		t.Errorf("check did not warn about the keys written in the file:\n%s", checkErr.String())
	}
	emitted.Write(checkErr.Bytes())

	base, admin, logs, stop := serveLogged(t, "--config", cfg, "--db", db, "--log-level", "info")
	eventually(t, "keyed sources ingested", func() (bool, string) {
		_, body := get(t, admin+"/status.json")
		var st publisher.Status
		if err := json.Unmarshal(body, &st); err != nil {
			return false, err.Error()
		}
		ok := len(st.Sources) == 3 && st.Sources[0].Stories > 0 && st.Sources[1].Stories > 0 && st.Sources[2].LastError != ""
		return ok, string(body)
	})
	eventually(t, "stories published", func() (bool, string) {
		_, body := get(t, base+"/feeds/all.json")
		return bytes.Count(body, []byte(`"id"`)) >= 6, string(body)
	})
	// A partner subscribes at the hub with its token in the topic URL.
	sub := newHubSubscriber(t)
	topic := "https://desk.example/p/" + leakPartner + "/feeds/wires.rss"
	resp, err := http.PostForm(base+"/hub", url.Values{"hub.mode": {"subscribe"}, "hub.topic": {topic}, "hub.callback": {sub.url}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("hub subscription: %d", resp.StatusCode)
	}
	<-sub.verified
	eventually(t, "subscription on /websub.json", func() (bool, string) {
		_, body := get(t, admin+"/websub.json")
		return bytes.Contains(body, []byte(`"subscriptions":1`)), string(body)
	})
	paths := []string{"/", "/c/all", "/c/world", "/c/wires", "/opml", "/opml.xml", "/healthz", "/static/style.css", "/nope",
		"/sitemap.xml", "/sitemap-news.xml", "/sitemap-pages.xml", "/robots.txt", "/feeds/all.json?after=0",
		"/feeds/world.json?after=0", "/feeds/all.ninjs", "/feeds/world.ninjs", "/feeds/wires.ninjs",
		"/feeds/wires.rss", "/p/" + leakPartner + "/feeds/wires.atom", "/p/" + leakPartner + "/feeds/wires.ninjs",
		"/p/" + leakPartner + "/feeds/wires.json?after=0"}
	for _, slug := range []string{"all", "world", "wires"} {
		for _, ext := range []string{"rss", "atom", "json"} {
			paths = append(paths, "/feeds/"+slug+"."+ext)
		}
	}
	storyRE := regexp.MustCompile(`/a/[0-9a-zA-Z_-]+`)
	archiveRE := regexp.MustCompile(`/feeds/[a-z]+/archive/[0-9]{4}-[0-9]{2}-[0-9]{2}\.(?:rss|atom)`)
	seen, archives := map[string]bool{}, map[string]bool{}
	for i := 0; i < len(paths); i++ {
		_, body := get(t, base+paths[i])
		emitted.Write(body)
		for _, m := range storyRE.FindAll(body, -1) {
			if p := string(m); !seen[p] {
				seen[p] = true
				paths = append(paths, p)
			}
		}
		for _, m := range archiveRE.FindAll(body, -1) { // RFC 5005 archives, followed day by day
			if p := string(m); !archives[p] {
				archives[p] = true
				paths = append(paths, p)
			}
		}
	}
	if len(seen) < 6 || len(archives) < 2 {
		t.Fatalf("only %d story pages and %d archives found", len(seen), len(archives))
	}
	for _, p := range []string{"/status", "/status.json", "/metrics", "/websub", "/websub.json"} {
		_, body := get(t, admin+p)
		emitted.Write(body)
	}
	// The partner's own OPML holds its own token, by design, and nothing else.
	_, own := get(t, base+"/p/"+leakPartner+"/opml")
	_, handout := get(t, admin+"/partners/gazette.opml")
	if !bytes.Contains(own, []byte(leakPartner)) || !bytes.Equal(own, handout) {
		t.Errorf("partner OPML:\n%s\noperator's copy:\n%s", own, handout)
	}
	own = bytes.ReplaceAll(own, []byte(leakPartner), nil)
	emitted.Write(own)
	stop()
	if !strings.Contains(logs.String(), "fails.rss?key=REDACTED") {
		t.Errorf("the failing source's error was not logged, redacted:\n%s", logs.String())
	}
	emitted.WriteString(logs.String())

	var pollOut, pollErr bytes.Buffer
	if err := run(context.Background(), []string{"poll", "--once", "--config", cfg, "--db", db, "--log-level", "info"}, &pollOut, &pollErr); err != nil {
		t.Fatalf("poll: %v\n%s", err, pollErr.String())
	}
	emitted.Write(pollOut.Bytes())
	emitted.Write(pollErr.Bytes())
	list := runCmd(t, "sources", "list", "--config", cfg)
	if !strings.Contains(list, "${TEST_WIRE_TOKEN}") || !strings.Contains(list, "apikey=REDACTED") {
		t.Errorf("sources list should show URLs as written, literal keys redacted:\n%s", list)
	}
	emitted.WriteString(list)
	for p := range seen {
		emitted.WriteString(runCmd(t, "explain", strings.TrimPrefix(p, "/a/"), "--db", db))
	}
	emitted.WriteString(runCmd(t, "withdrawals", "log", "--db", db))
	out := filepath.Join(dir, "public")
	if err := run(context.Background(), []string{"export", "--config", cfg, "--db", db, "--out", out}, &emitted, &emitted); err != nil {
		t.Fatalf("export: %v", err)
	}
	files := 0
	if err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		files++
		emitted.WriteString(path + "\n")
		emitted.Write(b)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if files < 10 {
		t.Fatalf("export wrote %d files", files)
	}

	for _, secret := range []string{leakKey, leakPassword, leakEnvToken, leakFailKey, leakPartner} {
		if n := bytes.Count(emitted.Bytes(), []byte(secret)); n != 0 {
			i := bytes.Index(emitted.Bytes(), []byte(secret))
			t.Errorf("%q found %d times in %d bytes emitted; first in: …%s…", secret, n, emitted.Len(),
				emitted.Bytes()[max(0, i-200):min(emitted.Len(), i+100)])
		}
	}
}

// serveLogged runs serve and returns its public and operator base URLs,
// its log, and a function that stops it.
func serveLogged(t *testing.T, args ...string) (base, admin string, logs *syncBuffer, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	logs = &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0"}, args...), pw, logs)
		pw.Close()
	}()
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v\n%s", err, logs.String())
			}
		}
	}
	t.Cleanup(stop)
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		logs.Write(append(sc.Bytes(), '\n'))
		if m := regexp.MustCompile(`operator pages on (http://[^/\s]+)`).FindStringSubmatch(sc.Text()); m != nil {
			admin = m[1]
		}
		if m := regexp.MustCompile(`serving on (http://\S+)`).FindStringSubmatch(sc.Text()); m != nil {
			go func() {
				if _, err := io.Copy(logs, pr); err != nil {
					t.Errorf("drain stdout: %v", err)
				}
			}()
			return m[1], admin, logs, stop
		}
	}
	t.Fatalf("serve printed no address; log:\n%s", logs.String())
	return "", "", nil, nil
}
