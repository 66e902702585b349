package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
	"github.com/wiredesk/wiredesk/internal/clock"
	"github.com/wiredesk/wiredesk/publisher/feed"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/backend"
	"github.com/wiredesk/wiredesk/story"
)

// pushed is one content distribution request a subscriber received.
type pushed struct {
	body []byte
	sig  string
	at   time.Time
}

// hubSubscriber is a WebSub subscriber on loopback: it echoes the
// challenge of every verification and answers deliveries with status.
type hubSubscriber struct {
	url      string
	status   atomic.Int32
	verified chan url.Values
	got      chan pushed
}

func newHubSubscriber(t *testing.T) *hubSubscriber {
	t.Helper()
	s := &hubSubscriber{verified: make(chan url.Values, 10), got: make(chan pushed, 100)}
	s.status.Store(http.StatusNoContent)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			s.verified <- r.URL.Query()
			if _, err := io.WriteString(w, r.URL.Query().Get("hub.challenge")); err != nil {
				t.Error(err)
			}
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Error(err)
		}
		code := int(s.status.Load())
		w.WriteHeader(code)
		if code < 300 {
			s.got <- pushed{body: body, sig: r.Header.Get("X-Hub-Signature"), at: clock.Now()}
		}
	}))
	t.Cleanup(srv.Close)
	s.url = srv.URL + "/push"
	return s
}

// next waits for a delivery whose body contains want.
func (s *hubSubscriber) next(t *testing.T, want string) pushed {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case p := <-s.got:
			if strings.Contains(string(p.body), want) {
				return p
			}
		case <-deadline:
			t.Fatalf("no delivery containing %q", want)
		}
	}
}

func hmacHex(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// storySaved waits for a story whose title contains title and returns it.
func storySaved(t *testing.T, db store.Store, title string) story.Item {
	t.Helper()
	var found story.Item
	eventually(t, "story "+title+" saved", func() (bool, string) {
		items, err := db.Latest(context.Background(), "all", 0, 100)
		if err != nil {
			return false, err.Error()
		}
		for _, it := range items {
			if strings.Contains(it.Title, title) {
				found = it
				return true, ""
			}
		}
		return false, fmt.Sprintf("%d stories", len(items))
	})
	return found
}

// TestWebSubPushesCommitsWithdrawalsAndSurvivesRestart runs the hub of a
// real server on loopback: a subscriber is sent a new story's feed as soon
// as it is committed, signed with its secret; a withdrawal arrives as an
// RFC 6721 tombstone; a delivery that failed is sent after a restart.
func TestWebSubPushesCommitsWithdrawalsAndSurvivesRestart(t *testing.T) {
	up, cfg, dbPath := wireDesk(t, 1, 3)
	runCmd(t, "poll", "--once", "--config", cfg, "--db", dbPath)
	addr, stop := startServe(t, "--addr", "127.0.0.1:0", "--config", cfg, "--db", dbPath, "--log-level", "warn")
	base := "http://" + addr
	const topic = "https://desk.example/feeds/all.atom"

	resp, _ := get(t, base+"/feeds/all.atom")
	if l := resp.Header.Get("Link"); l != `<https://desk.example/hub>; rel="hub", <`+topic+`>; rel="self"` {
		t.Errorf("feed Link header = %q", l)
	}

	db, err := backend.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sub := newHubSubscriber(t)
	const secret = "partner-secret-7f3a"
	form := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {topic}, "hub.callback": {sub.url}, "hub.secret": {secret}}
	r, err := http.PostForm(base+"/hub", form)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusAccepted {
		t.Fatalf("subscribe = %d", r.StatusCode)
	}
	if q := <-sub.verified; q.Get("hub.mode") != "subscribe" || q.Get("hub.topic") != topic {
		t.Fatalf("verification = %v", q)
	}
	eventually(t, "subscription stored", func() (bool, string) {
		subs, err := db.Subscriptions(context.Background())
		return err == nil && len(subs) == 1, fmt.Sprint(len(subs), err)
	})

	// A new source lands by hot reload: its stories are committed and
	// pushed.
	up.Handle("/wire9.rss", upstreamtest.OK(wireFeed(t, 9, 2, "rss"), upstreamtest.RSSType))
	old, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, cfg, string(old)+fmt.Sprintf("  - name: Wire 9\n    url: %s\n    agency: Agency 9\n    category: world\n", up.URL("/wire9.rss")))
	p := sub.next(t, "(9/0)")
	if p.sig != hmacHex(secret, p.body) {
		t.Errorf("X-Hub-Signature %q does not sign the body", p.sig)
	}
	fresh := storySaved(t, db, "(9/0)")
	t.Logf("commit to delivery: %v", p.at.Sub(fresh.FirstSeenAt))

	// A withdrawal travels as a tombstone.
	runCmd(t, "withdraw", fresh.ID, "--reason", "legal", "--db", dbPath)
	p = sub.next(t, `<at:deleted-entry ref="`+feed.StoryID(fresh.ID)+`"`)
	if p.sig != hmacHex(secret, p.body) {
		t.Errorf("tombstone delivery signature %q", p.sig)
	}

	// The subscriber is down when the next withdrawal is pushed; the hub
	// is restarted with that delivery pending, and sends it.
	sub.status.Store(http.StatusServiceUnavailable)
	second := storySaved(t, db, "(0/1)")
	runCmd(t, "withdraw", second.ID, "--reason", "legal", "--db", dbPath)
	eventually(t, "a failed delivery recorded", func() (bool, string) {
		subs, err := db.Subscriptions(context.Background())
		if err != nil || len(subs) != 1 {
			return false, fmt.Sprint(subs, err)
		}
		return subs[0].Attempts > 0, fmt.Sprintf("%+v", subs[0])
	})
	stop()
	sub.status.Store(http.StatusNoContent)
	startServe(t, "--addr", "127.0.0.1:0", "--config", cfg, "--db", dbPath, "--log-level", "warn")
	sub.next(t, `<at:deleted-entry ref="`+feed.StoryID(second.ID)+`"`)
}

// TestWebSubRefusesPrivateCallbacks: unless fetch.allow_private is set, a
// callback on a loopback or private address is refused at subscription.
func TestWebSubRefusesPrivateCallbacks(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "sources.yaml")
	writeFile(t, cfg, "site:\n  base_url: https://desk.example\ncategories:\n  - slug: world\n    title: World\nsources: []\n")
	addr, _ := startServe(t, "--addr", "127.0.0.1:0", "--config", cfg, "--db", filepath.Join(dir, "w.db"), "--log-level", "warn")
	for _, cb := range []string{"http://127.0.0.1:9/push", "http://10.0.0.8/push", "http://localhost/push", "http://[::1]/push"} {
		form := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {"https://desk.example/feeds/world.rss"}, "hub.callback": {cb}}
		r, err := http.PostForm("http://"+addr+"/hub", form)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if r.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "non-public") {
			t.Errorf("callback %s: %d %s, want 400 naming the non-public address", cb, r.StatusCode, body)
		}
	}
}
