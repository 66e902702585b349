//go:build interop

package main

import (
	"bufio"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/publisher/feed"
	"github.com/wiredesk/wiredesk/store/backend"
)

// TestInteropNPMSubscriber runs a WebSub subscriber we did not write, the
// npm package pubsubhubbub (interop/websub-npm, installed by .ci/run with
// npm ci), against a real server's hub: it subscribes with a secret, its
// intent is verified, and it accepts a signed delivery that carries a
// withdrawal's tombstone.
func TestInteropNPMSubscriber(t *testing.T) {
	dir, err := filepath.Abs("../../interop/websub-npm")
	if err != nil {
		t.Fatal(err)
	}
	_, cfg, dbPath := wireDesk(t, 1, 3)
	runCmd(t, "poll", "--once", "--config", cfg, "--db", dbPath)
	addr, _ := startServe(t, "--addr", "127.0.0.1:0", "--config", cfg, "--db", dbPath, "--log-level", "warn")
	const topic = "https://desk.example/feeds/all.atom"

	cmd := exec.CommandContext(t.Context(), "node", "subscriber.js", "http://"+addr+"/hub", topic, "npm-secret-42")
	cmd.Dir = dir
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("node: %v", err)
	}
	t.Cleanup(func() {
		if err := cmd.Process.Kill(); err != nil {
			t.Log(err)
		}
		if err := cmd.Wait(); err != nil {
			t.Logf("subscriber stopped: %v", err) // killed, as expected
		}
	})
	events := make(chan map[string]string, 16)
	go func() {
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			var ev map[string]any
			if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
				t.Errorf("subscriber printed %q: %v", sc.Text(), err)
				continue
			}
			m := map[string]string{}
			for k, v := range ev {
				if s, ok := v.(string); ok {
					m[k] = s
				}
			}
			events <- m
		}
		close(events)
	}()
	next := func(want string) map[string]string {
		t.Helper()
		deadline := time.After(30 * time.Second)
		for {
			select {
			case ev, ok := <-events:
				if !ok {
					t.Fatalf("subscriber exited before %q; stderr:\n%s", want, stderr.String())
				}
				if ev["event"] == "error" || ev["event"] == "denied" {
					t.Fatalf("subscriber: %v", ev)
				}
				if ev["event"] == want {
					return ev
				}
			case <-deadline:
				t.Fatalf("no %q event; stderr:\n%s", want, stderr.String())
			}
		}
	}
	next("listening")
	if ev := next("subscribe"); ev["topic"] != topic {
		t.Errorf("verified topic %q", ev["topic"])
	}

	var victim string
	eventually(t, "subscription stored", func() (bool, string) {
		db, err := backend.Open(t.Context(), dbPath)
		if err != nil {
			return false, err.Error()
		}
		defer db.Close()
		subs, err := db.Subscriptions(t.Context())
		items, ierr := db.Latest(t.Context(), "all", 0, 1)
		if err != nil || ierr != nil || len(items) == 0 {
			return false, "store not ready"
		}
		victim = items[0].ID
		return len(subs) == 1, "no subscription yet"
	})
	runCmd(t, "withdraw", victim, "--reason", "legal", "--db", dbPath)
	for {
		ev := next("feed")
		if strings.Contains(ev["body"], `<at:deleted-entry ref="`+feed.StoryID(victim)+`"`) {
			if !strings.HasPrefix(ev["type"], "application/atom+xml") || ev["hub"] != "https://desk.example/hub" {
				t.Errorf("delivery as the library saw it: type %q hub %q", ev["type"], ev["hub"])
			}
			return
		}
	}
}
