package feed

import "github.com/wiredesk/wiredesk/story"

// Format is one output format of a category feed: the row a new format
// adds, with its renderer, and nothing else to edit. The publisher serves
// it at /feeds/{slug}.{Ext}, partners name it in partners[].formats, the
// pages, the OPML, the archives, the WebSub topics, the export and the
// README's format table all follow this table.
type Format struct {
	// Ext is the feed URL's extension without the dot, and the format's
	// name in partners[].formats and in metrics.
	Ext string
	// MIME is the media type, without parameters; responses add
	// "; charset=utf-8".
	MIME string
	// Label names the format to readers, in feed links on pages and in
	// the titles of <link rel="alternate">.
	Label string
	// Spec is the specification the output follows (README).
	Spec string
	// Render renders a category's stories in the format.
	Render func(Channel, []story.Item) ([]byte, error)
	// Discover advertises the format on every page, with a visible link
	// and <link rel="alternate"> for feed autodiscovery.
	Discover bool
	// Archive serves RFC 5005 archive documents in the format: the
	// renderer writes Channel's archive links.
	Archive bool
}

// Formats returns every output format in order of preference: the OPML
// lists the first, the one every feed reader reads.
func Formats() []Format {
	return []Format{
		{Ext: "rss", MIME: TypeRSS, Label: "RSS", Spec: "RSS 2.0", Render: RSS, Discover: true, Archive: true},
		{Ext: "atom", MIME: TypeAtom, Label: "Atom", Spec: "Atom 1.0 (RFC 4287)", Render: Atom, Discover: true, Archive: true},
		{Ext: "json", MIME: TypeJSON, Label: "JSON Feed", Spec: "JSON Feed 1.1", Render: JSON, Discover: true},
		{Ext: "ninjs", MIME: TypeNinjs, Label: "ninjs", Spec: "IPTC ninjs 3.1 news items, in a feed envelope", Render: Ninjs},
	}
}

// FormatNames returns the extensions of formats, in order.
func FormatNames(formats []Format) []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = f.Ext
	}
	return out
}
