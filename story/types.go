package story

import "time"

// SourceState is what the store remembers about one upstream source between
// polls: its conditional-request validators, its schedule and its health.
type SourceState struct {
	ID           int64
	URL          string // configured URL, unique
	Name         string
	Agency       string
	ETag         string
	LastModified string
	// PermanentURL is the target of a permanent redirect (301/308) seen on
	// the last fetch, shown to the operator; "" when none.
	PermanentURL        string
	FeedTitle           string // upstream feed's own title (Atom <source>)
	FeedLink            string // upstream feed's own home link
	LastFetchAt         time.Time
	LastSuccessAt       time.Time
	LastStatus          int    // HTTP status of the last response (0 = none)
	LastError           string // "" when the last fetch succeeded
	ConsecutiveFailures int
	NextFetchAt         time.Time
	// NextFetchWhy says what set NextFetchAt, for the operator: the
	// interval, the publishing rate, a server hint or the backoff.
	NextFetchWhy string
	// Gone is set when upstream answered 410: the source is not polled again
	// until its configuration changes.
	Gone bool
	// MeanGap is the mean gap between the source's stories when it was
	// last measured, what a 304 reschedules by: 0 when not measured yet,
	// negative when there were too few dated stories to tell.
	MeanGap   time.Duration
	ItemCount int // stories stored from this source (filled by Sources)
	DupCount  int // of which duplicates of another story (filled by Sources)
}

// Item is one story as wiredesk keeps it.
type Item struct {
	// ID is the public, stable identifier: derived from the source URL and
	// the item key, never from a row number, so it survives a rebuild.
	ID       string
	SourceID int64
	Key      string // stable per-source key: GUID, canonical link or hash
	GUID     string // upstream GUID as given ("" when none)
	Link     string // canonical absolute upstream link
	Title    string
	// SummaryHTML and ContentHTML have been through the sanitizer.
	SummaryHTML string
	ContentHTML string
	ImageURL    string
	ImageType   string // MIME type of ImageURL when known
	// ImageCaption and ImageCredit are the lead image's caption and
	// credit as upstream gave them (plain text); ImageLength is its size
	// in bytes, 0 when unknown.
	ImageCaption string
	ImageCredit  string
	ImageLength  int64
	Author       string // upstream author, provenance only
	Agency       string // upstream agency credit
	SourceURL    string // upstream feed URL (filled on read)
	SourceTitle  string // upstream feed title (filled on read)
	SourceLink   string // upstream feed home link (filled on read)
	PublishedAt  time.Time
	UpdatedAt    time.Time
	FirstSeenAt  time.Time
	// UpstreamCategories are the category names the upstream gave.
	UpstreamCategories []string
	// Categories are our category slugs the story is filed under.
	Categories []string
	// Places explains region filing, e.g. "Beirut (LB, dateline)".
	Places []string
	// Fingerprint and DedupeSig are near-duplicate signatures computed by
	// the aggregator; the store keeps them opaque. Bands are the LSH band
	// keys through which candidates are found.
	Fingerprint uint64
	DedupeSig   []byte
	Bands       []uint64
	// DuplicateOf is the ID of the earlier story this one was merged into.
	DuplicateOf string
	// Also lists the carriers merged into this story (filled on read).
	Also []Carrier
	// WithdrawnAt is set when an editor withdrew the story.
	WithdrawnAt    time.Time
	WithdrawReason string
}

// Carrier is another agency's copy merged into a story.
type Carrier struct {
	Agency string
	URL    string
}

// Fetch is the outcome of one poll of one source, saved in one transaction.
type Fetch struct {
	SourceID int64
	// State is the source's new fetch state (validators, schedule, health).
	State SourceState
	// Items are the normalized, tagged stories of the document, in feed
	// order; nil for a 304 or a failed fetch.
	Items []Item
	// Match, when set, decides whether a new item is a near duplicate of
	// one of candidates and returns that candidate's ID, or "" for none.
	// Returning any other ID fails the save. The store calls it inside
	// its write transaction, so it must be a pure function of its
	// arguments: quick, no I/O, no call back into the store, no state
	// kept between calls (it may be called more than once for one item,
	// and a transaction that rolls back leaves no trace of its calls).
	// It may read but must not change its arguments. Candidates carry at
	// least ID, SourceID, Title, Link, Agency, Fingerprint, DedupeSig and
	// PublishedAt.
	Match func(it *Item, candidates []Item) string
	// Window bounds near-duplicate candidates to stories published within
	// Window of the item (0: any time).
	Window time.Duration
	// Candidates, when set, supplies Match's candidates for a new item
	// (published at published, or first seen) from the caller's own index
	// instead of the band table, and no band rows are written. The caller
	// must serialise its saves with its index updates; see
	// FetchSummary.Roots.
	//
	// Both ways are kept on purpose. A single wiredesk process on SQLite
	// sets Candidates: its poller's in-memory near index sees every save,
	// and finding candidates costs no query. When several processes share
	// one store (PostgreSQL), no process sees the others' saves, so
	// Candidates is nil and the store finds the candidates itself: the
	// live root stories of other sources sharing one of the item's Bands
	// within Window, newest first, at most a few hundred, read inside the
	// same transaction so that two nodes merge copies of one story.
	Candidates func(it *Item, published time.Time) []Item
}

// FetchSummary reports what a saved fetch changed.
type FetchSummary struct {
	New        int
	Updated    int
	Unchanged  int
	Duplicates int
	// Categories are the category slugs whose published content changed.
	Categories []string
	// Items are the IDs of stories created or changed.
	Items []string
	// Roots are the IDs of the stories this fetch created or rewrote that
	// are not duplicates: the candidates later stories may be merged into.
	Roots []string
}
