package main

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/wiredesk/wiredesk/internal/clock"

	"github.com/gorilla/feeds"

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
	sim := &simulator{stories: stories, start: clock.Now().UTC()}
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

// simulator serves each agency's feed, revealing one more story every 30
// seconds, with ETags so that unchanged polls are answered 304.
type simulator struct {
	stories []demoStory
	start   time.Time
	mu      sync.Mutex
	cache   map[string][]byte
}

func (s *simulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for _, a := range demoAgencies {
		if r.URL.Path != a.path {
			continue
		}
		shown := min(len(s.stories), 14+int(clock.Since(s.start)/(30*time.Second)))
		body, ctype, err := s.render(a, shown)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		sum := sha256.Sum256(body)
		etag := `"` + hex.EncodeToString(sum[:8]) + `"`
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", ctype)
		if _, err := w.Write(body); err != nil {
			return
		}
		return
	}
	http.NotFound(w, r)
}

func (s *simulator) render(a demoAgency, shown int) ([]byte, string, error) {
	key := fmt.Sprintf("%s/%d", a.code, shown)
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.cache[key]; ok {
		return b, contentTypes[a.format], nil
	}
	site := "https://" + strings.ToLower(a.code) + ".example"
	f := &feeds.Feed{
		Title:       a.name + " — World",
		Link:        &feeds.Link{Href: site + "/"},
		Description: "Sample wire for the wiredesk demo",
		Author:      &feeds.Author{Name: a.name},
		Updated:     s.start,
	}
	for i := shown - 1; i >= 0; i-- {
		st := s.stories[i]
		if !carries(st, a.code) {
			continue
		}
		pub := s.start.Add(time.Duration(i-14) * 25 * time.Minute)
		if i >= 14 {
			pub = s.start.Add(time.Duration(i-13) * 30 * time.Second)
		}
		title, body := agencyStyle(a, st, pub)
		slug := strings.ToLower(strings.Join(strings.Fields(st.Title), "-"))
		link := fmt.Sprintf("%s/%s/%s", site, pub.Format("2006/01/02"), strings.Trim(slug, "-'.,"))
		item := &feeds.Item{
			Title:   title,
			Link:    &feeds.Link{Href: link},
			Id:      fmt.Sprintf("%s:story:%d", strings.ToLower(a.code), i+1),
			Content: body,
			Created: pub,
			Updated: pub,
			Author:  &feeds.Author{Name: a.name + " correspondent"},
		}
		item.Description = strings.SplitN(body, "</p>", 2)[0] + "</p>"
		f.Items = append(f.Items, item)
	}
	var out string
	var err error
	switch a.format {
	case "rss":
		out, err = f.ToRss()
	case "atom":
		out, err = f.ToAtom()
	default:
		out, err = f.ToJSON()
	}
	if err != nil {
		return nil, "", fmt.Errorf("render %s: %w", a.name, err)
	}
	if s.cache == nil {
		s.cache = map[string][]byte{}
	}
	s.cache[key] = []byte(out)
	return s.cache[key], contentTypes[a.format], nil
}

var contentTypes = map[string]string{
	"rss":  "application/rss+xml; charset=utf-8",
	"atom": "application/atom+xml; charset=utf-8",
	"json": "application/feed+json; charset=utf-8",
}

func carries(st demoStory, code string) bool {
	for _, a := range st.Agencies {
		if a == code {
			return true
		}
	}
	return false
}

// agencyStyle rewrites a story the way each sample agency would: its own
// dateline, house style and footer, so the near-duplicate merging has
// realistic work to do.
func agencyStyle(a demoAgency, st demoStory, pub time.Time) (string, string) {
	paras := append([]string(nil), st.Body...)
	title := st.Title
	switch a.code {
	case "NWA":
		paras[0] = fmt.Sprintf("%s, %s (Northwind) - %s", st.Dateline, pub.Format("Jan 2"), paras[0])
	case "GPS":
		r := strings.NewReplacer(" percent", " pct", " dollars", " dlrs", " million", " mln", " billion", " bln")
		for i := range paras {
			paras[i] = r.Replace(paras[i])
		}
		title = r.Replace(title)
		paras[0] = fmt.Sprintf("%s (GPS) — %s", st.Dateline, paras[0])
	case "MER":
		if len(paras) > 2 {
			paras = paras[:len(paras)-1]
		}
		paras[0] = st.Dateline + " — " + paras[0]
		paras = append(paras, "© 2026 Meridian News. All rights reserved.")
	}
	var b strings.Builder
	for _, p := range paras {
		b.WriteString("<p>" + htmlEscape(p) + "</p>")
	}
	return title, b.String()
}

var htmlEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
