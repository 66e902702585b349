// Package story holds the types every part of wiredesk shares: a story
// (Item) as wiredesk keeps it, a source's fetch state, and one poll's
// outcome (Fetch, FetchSummary). It depends on the standard library only,
// so that a renderer or a storage backend can use the types without
// importing any other.
package story

// All is the pseudo-category holding every story: the slug of the site-wide
// feed (/feeds/all.rss) and of the front page, reserved in configuration.
const All = "all"
