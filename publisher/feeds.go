package publisher

import "github.com/wiredesk/wiredesk/publisher/feed"

// Channel is package feed's description of one category feed.
type Channel = feed.Channel

// defaultRenderers fills the renderers left nil with package feed's.
func defaultRenderers(r Renderers) Renderers {
	if r.RSS == nil {
		r.RSS = feed.RSS
	}
	if r.Atom == nil {
		r.Atom = feed.Atom
	}
	if r.JSON == nil {
		r.JSON = feed.JSON
	}
	if r.Ninjs == nil {
		r.Ninjs = feed.Ninjs
	}
	return r
}
