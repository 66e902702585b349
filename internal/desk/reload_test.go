package desk

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/config"
)

const validConfig = "categories:\n  - slug: world\nsources:\n  - {name: Wire, url: \"https://wire.example/feed.rss\", category: world}\n"

// fakePoller accepts or refuses a configuration.
type fakePoller struct {
	got *config.Config
	err error
}

func (p *fakePoller) Reload(_ context.Context, cfg *config.Config) error {
	if p.err == nil {
		p.got = cfg
	}
	return p.err
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sources.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReloadAppliesAValidFile: the poller, the loaded hook and the
// publisher get the new configuration, and everything is re-rendered.
func TestReloadAppliesAValidFile(t *testing.T) {
	path := writeConfig(t, validConfig)
	poller, pub := &fakePoller{}, &fakeRenderer{}
	rl := NewReloader(path, poller, pub, discard())
	var loaded *config.Config
	rl.Loaded = func(c *config.Config) { loaded = c }
	rl.Reload(t.Context(), "test")
	if err := rl.Err(); err != nil {
		t.Fatal(err)
	}
	_, all, _ := pub.snapshot()
	if poller.got == nil || loaded != poller.got || pub.cfg != poller.got || all != 1 {
		t.Errorf("poller %p, loaded %p, publisher %p, full renders %d", poller.got, loaded, pub.cfg, all)
	}
}

// TestReloadKeepsTheRunningConfig: a broken file, an unknown partner
// format (the publisher's vocabulary) or a config the poller refuses is
// reported by Err and changes nothing.
func TestReloadKeepsTheRunningConfig(t *testing.T) {
	refused := errors.New("refused")
	for _, tc := range []struct {
		name, body string
		pollerErr  error
		want       string
	}{
		{"bad YAML", "categories: [", nil, "YAML"},
		{"unknown format", validConfig + "partners:\n  - {name: a, token: aaaaaaaaaaaaaaaaaaaa, categories: [world], formats: [xml]}\n", nil, `"xml" is not a format`},
		{"poller refuses", validConfig, refused, "refused"},
		{"emptied file", "", nil, "no sources and no categories"},
		{"half-written file", "site: {title: Desk}\n", nil, "no sources and no categories"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			poller, pub := &fakePoller{err: tc.pollerErr}, &fakeRenderer{}
			rl := NewReloader(writeConfig(t, tc.body), poller, pub, discard())
			rl.Loaded = func(*config.Config) { t.Error("a refused config was put in force") }
			rl.Reload(t.Context(), "test")
			if err := rl.Err(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Err = %v, want %q", err, tc.want)
			}
			if _, all, _ := pub.snapshot(); pub.cfg != nil || all != 0 {
				t.Errorf("publisher changed: config %v, renders %d", pub.cfg, all)
			}
		})
	}
}

// TestWatchWithoutNotifications: with no fsnotify events at all (the
// host's inotify instances exhausted), an edit of the file is still put
// in force by Watch's periodic check.
func TestWatchWithoutNotifications(t *testing.T) {
	path := writeConfig(t, validConfig)
	poller, pub := &fakePoller{}, &fakeRenderer{}
	rl := NewReloader(path, poller, pub, discard())
	rl.noNotify = true
	loaded := make(chan *config.Config, 4)
	rl.Loaded = func(c *config.Config) { loaded <- c }
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { rl.Watch(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	edited := strings.Replace(validConfig, "- slug: world", "- slug: world\n  - slug: sport", 1)
	// Watch reads the file's first stamp when it starts, which the test
	// cannot see: edit it again each period until the edit is applied.
	for i := 0; ; i++ {
		if err := os.WriteFile(path, []byte(edited+strings.Repeat("#\n", i)), 0o644); err != nil {
			t.Fatal(err)
		}
		select {
		case c := <-loaded:
			if len(c.Categories) != 2 {
				t.Errorf("reloaded %d categories, want 2", len(c.Categories))
			}
			return
		case <-time.After(2 * reloadPoll):
			if i == 5 {
				t.Fatalf("the edit was never put in force without notifications (last error: %v)", rl.Err())
			}
		}
	}
}
