package publisher

import (
	"net/http"
	"strings"
)

// AdminHandler returns the operator's HTTP surface: /status, /status.json,
// /healthz and each partner's OPML at /partners/{name}.opml (the caller
// adds /metrics). It shows source URLs (redacted),
// errors and partner usage, so it is served on its own listener, which
// wiredesk binds to loopback by default, never on the public one.
func (p *Publisher) AdminHandler() http.Handler {
	return p.adminMux
}

// adminRoutes are AdminHandler's patterns; the method-less "/" answers
// other methods with 405 and other paths with the site's stylesheet
// (the status page links it under the site's base path) or a 404.
func (p *Publisher) adminRoutes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", p.serveStatusHTML)
	mux.HandleFunc("GET /status", p.serveStatusHTML)
	mux.HandleFunc("GET /status.json", p.serveStatusJSON)
	mux.HandleFunc("GET /healthz", p.serveHealth)
	mux.HandleFunc("GET /partners/{file}", p.servePartnerFile)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header()["Allow"] = p.hv.allow
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if strings.HasSuffix(r.URL.Path, "/static/style.css") {
			if s := p.snap.Load(); s != nil && s.entries["/static/style.css"] != nil {
				p.serveEntry(w, r, s.entries["/static/style.css"], "hit")
				return
			}
		}
		http.NotFound(w, r)
	})
	return mux
}

// servePartnerFile serves /partners/{name}.opml, the list of feeds the
// operator hands a partner, with its credential in it.
func (p *Publisher) servePartnerFile(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".opml")
	if !ok {
		http.NotFound(w, r)
		return
	}
	body, found, err := p.PartnerOPML(name)
	switch {
	case err != nil:
		p.serveError(w, r, err)
	case found:
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.opml"`)
		p.writeFresh(w, r, ctOPML, body, false)
	default:
		http.NotFound(w, r)
	}
}
