package publisher

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/story"
)

// PartnerOPML returns the OPML 2.0 list of exactly the feeds the partner
// named name may read, with its credential in the form it uses
// (partners[].auth): user info for "basic", /p/TOKEN/ for "path", plain
// URLs for "bearer" (the header cannot be written in a URL). It is what
// the operator hands the partner; ok is false for an unknown partner.
func (p *Publisher) PartnerOPML(name string) (body []byte, ok bool, err error) {
	cfg := p.fullConfig()
	i := slices.IndexFunc(cfg.Partners, func(pc config.Partner) bool { return pc.Name == name })
	if i < 0 {
		return nil, false, nil
	}
	body, err = p.partnerOPML(cfg, cfg.Partners[i])
	return body, true, err
}

// partnerOPML lists one feed per entitled category and saved search
// ("all" first when the partner may read it), in the preferred format
// (the table's first) when the partner may read it, else the partner's
// first allowed format: a reader importing the file subscribes to every
// outline.
func (p *Publisher) partnerOPML(cfg *config.Config, pc config.Partner) ([]byte, error) {
	format := p.formats[0].Ext
	if len(pc.Formats) > 0 && !slices.Contains(pc.Formats, format) {
		format = pc.Formats[0]
	}
	u, err := url.Parse(baseURL(cfg))
	if err != nil {
		return nil, fmt.Errorf("publisher: partner opml: %w", err)
	}
	switch pc.Auth {
	case "basic":
		u.User = url.UserPassword(pc.Name, pc.Token)
	case "path":
		u.Path = strings.TrimRight(u.Path, "/") + "/p/" + pc.Token
		u.RawPath = strings.TrimRight(u.EscapedPath(), "/")
	}
	base := strings.TrimRight(u.String(), "/")
	doc := opmlDoc{
		Version: "2.0",
		Head:    opmlHead{Title: cfg.Site.Title + " feeds for " + pc.Name, Docs: "http://opml.org/spec2.opml"},
	}
	for _, slug := range append([]string{story.All}, feedSlugsOf(cfg)...) {
		if !pc.Allows(slug, format) {
			continue
		}
		ch := p.channel(cfg, slug, nil)
		home := baseURL(cfg) + "/c/" + slug
		if ch.NoPage {
			home = baseURL(cfg) + "/"
		}
		doc.Body = append(doc.Body, opmlEntry{
			Text: ch.Title, Title: ch.Title, Type: "rss",
			XMLURL:      base + "/feeds/" + slug + "." + format,
			HTMLURL:     home,
			Language:    cfg.Site.Language,
			Description: ch.Description,
		})
	}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("publisher: partner opml: %w", err)
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

// feedSlugsOf lists the slugs of cfg's feeds besides "all": every
// category, then every saved search.
func feedSlugsOf(cfg *config.Config) []string {
	out := make([]string, 0, len(cfg.Categories)+len(cfg.Searches))
	for _, c := range cfg.Categories {
		out = append(out, c.Slug)
	}
	for _, s := range cfg.Searches {
		out = append(out, s.Slug)
	}
	return out
}

// servePartnerOPML answers an authenticated /opml with the partner's own
// list. It holds the credential, so no cache may keep it.
func (p *Publisher) servePartnerOPML(w http.ResponseWriter, r *http.Request, g *guard, pt *partner) {
	body, err := p.partnerOPML(g.full, pt.cfg)
	if err != nil {
		p.serveError(w, r, err)
		return
	}
	h := w.Header()
	h["Vary"] = hAuthVary
	p.writeFresh(w, r, ctOPML, body, false)
}
