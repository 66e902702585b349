package publisher

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/wiredesk/wiredesk/publisher/websub"
	"github.com/wiredesk/wiredesk/story"
)

// HubTopics is the publisher as the WebSub hub sees it: which URLs are
// topics, who may subscribe to them, and their current documents.
func (p *Publisher) HubTopics() websub.Topics { return hubTopics{p} }

type hubTopics struct{ p *Publisher }

// errNeedsPartner and errRefused are the reasons of a denied subscription
// (W3C WebSub §5.2 hub.reason): the same few words whatever was wrong.
var (
	errNeedsPartner = errors.New("this feed is for partners: subscribe with your partner credential")
	errRefused      = errors.New("the credential does not give access to this feed")
)

// topic splits a topic URL into its feed path (without a /p/TOKEN/
// prefix), that token, the category and the format.
func (t hubTopics) topic(topic string) (path, token, slug, format string, ok bool) {
	cfg := t.p.fullConfig()
	rest, ok := strings.CutPrefix(topic, baseURL(cfg))
	if !ok || !strings.HasPrefix(rest, "/") {
		return "", "", "", "", false
	}
	if after, found := strings.CutPrefix(rest, "/p/"); found {
		tok, sub, _ := strings.Cut(after, "/")
		token, rest = tok, "/"+sub
	}
	slug, format, ok = t.p.feedPath(rest)
	if !ok {
		return "", "", "", "", false
	}
	if _, known := cfg.Category(slug); !known && slug != story.All {
		return "", "", "", "", false
	}
	return rest, token, slug, format, true
}

func (t hubTopics) Category(topic string) (string, bool) {
	_, _, slug, _, ok := t.topic(topic)
	return slug, ok
}

// Authorize admits the public to public feeds, and a partner, by the
// credential of the subscription request (Authorization header or a
// /p/TOKEN/ topic URL), to the feeds it may read, which it is then sent
// in the partners' version.
func (t hubTopics) Authorize(r *http.Request, topic string) (string, error) {
	_, token, slug, format, ok := t.topic(topic)
	if !ok {
		return "", fmt.Errorf("unknown topic")
	}
	_, hasHeader := r.Header["Authorization"]
	g := t.p.guard.Load()
	if token == "" && !hasHeader {
		if g != nil && g.private[slug] {
			return "", errNeedsPartner
		}
		return "", nil
	}
	tok, ok := credential(r, token)
	var pt *partner
	if ok && g != nil {
		pt = g.match(tok)
	}
	if pt == nil || !pt.cfg.Allows(slug, format) {
		return "", errRefused
	}
	return pt.cfg.Name, nil
}

// Content returns the topic's current rendering for the audience, or
// false when that audience may no longer read it (a partner removed or
// its entitlement narrowed, a category made partner-only).
func (t hubTopics) Content(topic, audience string) (websub.Content, bool) {
	path, _, slug, format, ok := t.topic(topic)
	s := t.p.snap.Load()
	if !ok || s == nil {
		return websub.Content{}, false
	}
	g := t.p.guard.Load()
	e := s.entries[path]
	if audience == "" {
		if g != nil && g.private[slug] {
			return websub.Content{}, false
		}
	} else {
		var pt *partner
		if g != nil {
			for _, cand := range g.partners {
				if cand.cfg.Name == audience {
					pt = cand
				}
			}
		}
		if pt == nil || !pt.cfg.Allows(slug, format) {
			return websub.Content{}, false
		}
		if pe := s.entries[partnerKeyPrefix+path]; pe != nil {
			e = pe
		}
	}
	if e == nil {
		return websub.Content{}, false
	}
	return websub.Content{Body: e.body, Type: e.hType[0]}, true
}

// RedactPathToken returns a feed URL with the partner token of a
// /p/TOKEN/ path replaced by REDACTED: a hub topic as the operator sees it
// in logs, on /websub and in metrics, where a token must not appear.
func RedactPathToken(u string) string {
	i := strings.LastIndex(u, "/feeds/")
	if i < 0 {
		return u
	}
	j := strings.LastIndex(u[:i], "/p/")
	if j < 0 || strings.Contains(u[j+len("/p/"):i], "/") {
		return u
	}
	return u[:j] + "/p/REDACTED" + u[i:]
}
