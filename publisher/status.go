package publisher

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/story"
)

// Source states shown on /status.
const (
	StateOK         = "ok"
	StateFailing    = "failing"
	StateBackingOff = "backing off"
	StateDisabled   = "disabled"
	StateGone       = "gone"
	StatePending    = "pending"
)

// SourceStatus is one configured source as /status.json reports it.
type SourceStatus struct {
	Name                string     `json:"name"`
	URL                 string     `json:"url"`
	Agency              string     `json:"agency"`
	Category            string     `json:"category"`
	Enabled             bool       `json:"enabled"`
	State               string     `json:"state"`
	LastFetch           *time.Time `json:"last_fetch"`
	LastSuccess         *time.Time `json:"last_success"`
	HTTPStatus          int        `json:"http_status"`
	LastError           string     `json:"last_error"`
	ConsecutiveFailures int        `json:"consecutive_failures"`
	NextFetch           *time.Time `json:"next_fetch"`
	NextFetchWhy        string     `json:"next_fetch_why"` // what set NextFetch: interval, rate, hint, backoff
	PermanentRedirect   string     `json:"permanent_redirect"`
	Stories             int        `json:"stories"`
	Duplicates          int        `json:"duplicates"`
}

// Status is the document served at /status.json.
type Status struct {
	Generated   time.Time      `json:"generated"`
	Version     string         `json:"version"`
	ConfigError string         `json:"config_error"`
	Sources     []SourceStatus `json:"sources"`
	Partners    []PartnerUsage `json:"partners"`
}

// status joins the configured sources with their stored fetch state.
func (p *Publisher) status(ctx context.Context) (Status, error) {
	cfg := p.fullConfig()
	redact := cfg.Redactor()
	if g := p.guard.Load(); g != nil {
		redact = g.redact
	}
	now := p.now().UTC()
	st := Status{Generated: now, Version: p.opt.Version, Sources: []SourceStatus{}, Partners: p.partnerUsages()}
	if p.opt.ConfigError != nil {
		if err := p.opt.ConfigError(); err != nil {
			st.ConfigError = redact(err.Error())
		}
	}
	states, err := p.st.Sources(ctx)
	if err != nil {
		return st, fmt.Errorf("publisher: sources: %w", err)
	}
	byURL := make(map[string]*story.SourceState, len(states))
	for i := range states {
		byURL[states[i].URL] = &states[i]
	}
	for _, src := range cfg.Sources {
		s := SourceStatus{
			Name: src.Name, URL: src.DisplayURL(), Agency: src.Agency, Category: src.Category, Enabled: src.Enabled,
		}
		if s.Agency == "" {
			s.Agency = src.Name
		}
		ss := byURL[src.URL]
		s.State = sourceState(src, ss, cfg.Fetch.Interval, now)
		if ss != nil {
			s.LastFetch, s.LastSuccess, s.NextFetch = timePtr(ss.LastFetchAt), timePtr(ss.LastSuccessAt), timePtr(ss.NextFetchAt)
			s.HTTPStatus, s.LastError, s.ConsecutiveFailures = ss.LastStatus, redact(ss.LastError), ss.ConsecutiveFailures
			s.PermanentRedirect, s.Stories, s.Duplicates = redact(ss.PermanentURL), ss.ItemCount, ss.DupCount
			if s.NextFetch != nil {
				s.NextFetchWhy = ss.NextFetchWhy
			}
		}
		st.Sources = append(st.Sources, s)
	}
	return st, nil
}

// sourceState classifies a source for the operator. A failing source whose
// next fetch lies further out than its normal interval is backing off.
func sourceState(src config.Source, ss *story.SourceState, interval time.Duration, now time.Time) string {
	switch {
	case !src.Enabled:
		return StateDisabled
	case ss == nil || ss.LastFetchAt.IsZero():
		return StatePending
	case ss.Gone:
		return StateGone
	case ss.ConsecutiveFailures == 0 && ss.LastError == "":
		return StateOK
	}
	if src.Interval > 0 {
		interval = src.Interval
	}
	if ss.NextFetchAt.After(now) && ss.NextFetchAt.Sub(ss.LastFetchAt) > interval {
		return StateBackingOff
	}
	return StateFailing
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// serveStatusJSON renders /status.json per request: it is for operators
// and must never be stale, hence no-store.
func (p *Publisher) serveStatusJSON(w http.ResponseWriter, r *http.Request) {
	st, err := p.status(r.Context())
	if err != nil {
		p.serveError(w, r, err)
		return
	}
	body, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		p.serveError(w, r, fmt.Errorf("publisher: status json: %w", err))
		return
	}
	p.writeFresh(w, r, "application/json; charset=utf-8", append(body, '\n'), false)
}

// statusView is what the status template receives.
type statusView struct {
	Site   pageData
	Status Status
}

// serveStatusHTML renders /status per request.
func (p *Publisher) serveStatusHTML(w http.ResponseWriter, r *http.Request) {
	st, err := p.status(r.Context())
	if err != nil {
		p.serveError(w, r, err)
		return
	}
	cfg := p.config()
	d := p.siteData(cfg, "")
	d.Title = "Source status"
	// The operator listener serves this page, not the site's pages.
	if u, err := url.Parse(cfg.Site.BaseURL); err == nil {
		d.Home = u.Scheme + "://" + u.Host
	}
	for i := range d.Nav {
		d.Nav[i].URL = d.Home + d.Nav[i].URL
	}
	var buf bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&buf, "status", statusView{Site: d, Status: st}); err != nil {
		p.serveError(w, r, fmt.Errorf("publisher: status template: %w", err))
		return
	}
	p.writeFresh(w, r, ctHTML, buf.Bytes(), true)
}

// writeFresh writes a response rendered for this request only.
func (p *Publisher) writeFresh(w http.ResponseWriter, r *http.Request, ctype string, body []byte, html bool) {
	h := w.Header()
	h["Content-Type"] = one(ctype)
	h["Cache-Control"] = p.hv.noStore
	h["X-Content-Type-Options"] = p.hv.nosniff
	if html {
		h["Content-Security-Policy"] = p.hv.csp
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		p.write(w, r, body)
	}
	p.met.request("status", http.StatusOK, "miss").Inc()
}
