package feed

// nsHistory is the namespace of RFC 5005 (Feed Paging and Archiving).
const nsHistory = "http://purl.org/syndication/history/1.0"

// selfURL is the document's own URL: the archive document's, or the
// subscription feed's.
func selfURL(ch Channel, c channel, ext string) string {
	if ch.ArchiveURL != "" {
		return ch.ArchiveURL
	}
	return c.self(ext)
}

// archiveLinks are the RFC 5005 §4 links of a document: prev-archive on
// any, and on an archive document current (the subscription feed) and
// next-archive.
func archiveLinks(ch Channel, c channel, ext string) []atomLink {
	var out []atomLink
	if ch.ArchiveURL != "" {
		out = append(out, atomLink{Href: c.self(ext), Rel: "current"})
	}
	if ch.PrevArchive != "" {
		out = append(out, atomLink{Href: ch.PrevArchive, Rel: "prev-archive"})
	}
	if ch.ArchiveURL != "" && ch.NextArchive != "" {
		out = append(out, atomLink{Href: ch.NextArchive, Rel: "next-archive"})
	}
	return out
}
