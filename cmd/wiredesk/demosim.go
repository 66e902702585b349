package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/feeds"
)

// demoAddr is where the demo listens unless --addr says otherwise.
const demoAddr = "127.0.0.1:8080"

const (
	demoBackdated = 14               // stories already out when the demo starts
	demoEvery     = 30 * time.Second // then one more story every demoEvery
	demoFeedSize  = 20               // stories in each agency's feed, newest first
)

// simulator serves each agency's feed, revealing one more story every 30
// seconds for as long as it runs: past the bundled stories it starts over
// with fresh IDs, links and times. ETags make unchanged polls 304s.
type simulator struct {
	stories []demoStory
	start   time.Time
	now     func() time.Time
	mu      sync.Mutex
	cache   map[string]simFeed // by agency code: the feed last rendered
}

type simFeed struct {
	shown int
	body  []byte
}

func newSimulator(stories []demoStory, now func() time.Time) *simulator {
	return &simulator{stories: stories, start: now().UTC(), now: now, cache: map[string]simFeed{}}
}

func (s *simulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for _, a := range demoAgencies {
		if r.URL.Path != a.path {
			continue
		}
		shown := demoBackdated + int(s.now().Sub(s.start)/demoEvery)
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

// published is when the n-th story (from 0) went out: the backdated ones
// 25 minutes apart before the start, then one every demoEvery.
func (s *simulator) published(n int) time.Time {
	if n < demoBackdated {
		return s.start.Add(time.Duration(n-demoBackdated) * 25 * time.Minute)
	}
	return s.start.Add(time.Duration(n-demoBackdated+1) * demoEvery)
}

func (s *simulator) render(a demoAgency, shown int) ([]byte, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.cache[a.code]; ok && c.shown == shown {
		return c.body, contentTypes[a.format], nil
	}
	site := "https://" + strings.ToLower(a.code) + ".example"
	f := &feeds.Feed{
		Title:       a.name + " — World",
		Link:        &feeds.Link{Href: site + "/"},
		Description: "Sample wire for the wiredesk demo",
		Author:      &feeds.Author{Name: a.name},
		Updated:     s.published(shown - 1),
	}
	for n := shown - 1; n >= max(0, shown-demoFeedSize); n-- {
		// The n-th story is a bundled one, round and round; its number
		// makes its ID and link new on every round.
		st := s.stories[n%len(s.stories)]
		if !carries(st, a.code) {
			continue
		}
		pub := s.published(n)
		title, body := agencyStyle(a, st, pub)
		slug := strings.Trim(strings.ToLower(strings.Join(strings.Fields(st.Title), "-")), "-'.,")
		item := &feeds.Item{
			Title:   title,
			Link:    &feeds.Link{Href: fmt.Sprintf("%s/%s/%s-%d", site, pub.Format("2006/01/02"), slug, n+1)},
			Id:      fmt.Sprintf("%s:story:%d", strings.ToLower(a.code), n+1),
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
	s.cache[a.code] = simFeed{shown: shown, body: []byte(out)}
	return []byte(out), contentTypes[a.format], nil
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
