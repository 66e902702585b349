package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/internal/clock"

	"github.com/wiredesk/wiredesk/config"
)

// The demo is wiring, not logic: it serves bundled sample wires from a
// loopback simulator and points an ordinary configuration at it, so the
// real fetch → parse → store → publish path runs offline.

//go:embed demo/stories.json
var demoStories []byte

type demoStory struct {
	Title    string   `json:"title"`
	Dateline string   `json:"dateline"`
	Agencies []string `json:"agencies"`
	Cats     []string `json:"cats"`
	Body     []string `json:"body"`
}

type demoAgency struct {
	code, name, format, path string
}

var demoAgencies = []demoAgency{
	{"NWA", "Northwind Wire Agency", "rss", "/northwind/world.rss"},
	{"GPS", "Global Press Service", "atom", "/gps/top.atom"},
	{"MER", "Meridian News", "json", "/meridian/feed.json"},
}

type demo struct {
	cfg        *config.Config
	configPath string
	dbPath     string
	dir        string
	srv        *http.Server
}

// Close stops the simulator and removes the demo's temporary files.
func (d *demo) Close() error {
	err := d.srv.Close()
	if rmErr := os.RemoveAll(d.dir); err == nil {
		err = rmErr
	}
	return err
}

// startDemo starts the loopback wire simulator and writes a configuration
// polling it into a temporary directory.
func startDemo(ctx context.Context, e *env, baseURL string, log *slog.Logger) (*demo, error) {
	var stories []demoStory
	if err := json.Unmarshal(demoStories, &stories); err != nil {
		return nil, fmt.Errorf("demo stories: %w", err)
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("demo simulator: %w", err)
	}
	sim := newSimulator(stories, clock.Now)
	d := &demo{srv: &http.Server{Handler: sim, ReadHeaderTimeout: 5 * time.Second}}
	go func() {
		if err := d.srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			log.Error("demo simulator", "err", err)
		}
	}()
	d.dir, err = os.MkdirTemp("", "wiredesk-demo-")
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	d.configPath = filepath.Join(d.dir, "sources.yaml")
	d.dbPath = filepath.Join(d.dir, "wiredesk.db")
	yaml := demoConfig(baseURL, "http://"+ln.Addr().String())
	if err := os.WriteFile(d.configPath, []byte(yaml), 0o644); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	d.cfg, err = config.Load(d.configPath)
	if err != nil {
		return nil, fmt.Errorf("demo config: %w", err)
	}
	fmt.Fprintf(e.stdout, "demo: sample wires from %d agencies on http://%s; a new story every 30s\n", len(demoAgencies), ln.Addr())
	return d, nil
}

func demoConfig(baseURL, simURL string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `# wiredesk demo configuration, generated at start.
site:
  title: Wire Desk (demo)
  base_url: %s
  byline: Staff, Agencies
  language: en
fetch:
  interval: 1m
  timeout: 10s
  allow_private: true   # the simulator listens on loopback
publish:
  max_items: 50
  max_age: 30s
dedupe:
  window: 5m            # the simulator repeats its stories every 10 minutes
categories:
  - {slug: world, title: World}
  - {slug: middle-east, title: Middle East, region: middle-east}
  - {slug: lebanon, title: Lebanon, countries: [LB]}
  - {slug: europe, title: Europe, region: europe}
  - {slug: africa, title: Africa, region: africa}
  - {slug: americas, title: Americas, region: americas}
  - {slug: asia-pacific, title: Asia-Pacific, region: asia-pacific}
  - {slug: business, title: Business, keywords: [economy, inflation, interest rate, GDP, central bank, exports, tariffs, unemployment]}
  - {slug: energy, title: Energy, keywords: [oil, OPEC, crude, gas, LNG, renewable]}
sources:
`, baseURL)
	for _, a := range demoAgencies {
		fmt.Fprintf(&b, "  - name: %s\n    url: %s%s\n    agency: %s\n    category: world\n    interval: 1m\n    categories_map: {Business: business}\n",
			a.name, simURL, a.path, a.name)
	}
	return b.String()
}
