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
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := r.URL.Path
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header()["Allow"] = p.hv.allow
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		switch path {
		case "/", "/status":
			p.serveStatusHTML(w, r)
			return
		case "/status.json":
			p.serveStatusJSON(w, r)
			return
		case "/healthz":
			p.serveHealth(w, r)
			return
		}
		// The status page links the site's stylesheet, under the site's
		// base path: the operator's listener serves it too.
		if strings.HasSuffix(path, "/static/style.css") {
			if s := p.snap.Load(); s != nil && s.entries["/static/style.css"] != nil {
				p.serveEntry(w, r, s.entries["/static/style.css"], "hit")
				return
			}
		}
		if name, ok := strings.CutPrefix(path, "/partners/"); ok {
			if name, ok = strings.CutSuffix(name, ".opml"); ok {
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
				return
			}
		}
		http.NotFound(w, r)
	})
}
