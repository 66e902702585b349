package feed

import "github.com/wiredesk/wiredesk/story"

// nsTombstones is the namespace of RFC 6721 (The Atom "deleted-entry"
// Element).
const nsTombstones = "http://purl.org/atompub/tombstones/1.0"

// atomDeleted is RFC 6721 §2 at:deleted-entry: ref is the atom:id the
// entry had (StoryID, which never changes) and when the withdrawal time.
type atomDeleted struct {
	Ref     string     `xml:"ref,attr"`
	When    string     `xml:"when,attr"`
	Comment string     `xml:"at:comment,omitempty"`
	Link    []atomLink `xml:"link"`
}

// deletedEntries renders withdrawn stories as tombstones, in the order given.
func deletedEntries(ts []story.Tombstone) []atomDeleted {
	out := make([]atomDeleted, 0, len(ts))
	for _, t := range ts {
		d := atomDeleted{Ref: StoryID(t.ID), When: atomDate(t.At), Comment: "Withdrawn"}
		if u := absURL(t.Link); u != "" {
			d.Link = []atomLink{{Href: u, Rel: "via", Type: "text/html"}}
		}
		out = append(out, d)
	}
	return out
}

// hubLinks is the rel="hub" link of a channel with a WebSub hub (W3C
// WebSub §4: discovery through the feed's own links).
func hubLinks(ch Channel) []atomLink {
	if ch.Hub == "" {
		return nil
	}
	return []atomLink{{Href: ch.Hub, Rel: "hub"}}
}
