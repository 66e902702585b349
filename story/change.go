package story

import "time"

// Change is one story's newest entry in a feed's change log: the story as
// it is now and whether it was withdrawn.
type Change struct {
	// Seq orders changes: a story changed by a later commit has a higher
	// Seq. It is the cursor a partner resumes from.
	Seq int64
	// Deleted is set for a withdrawn story (a tombstone).
	Deleted bool
	// At is when the change was committed.
	At   time.Time
	Item Item
}

// Tombstone is a withdrawn story as a feed still mentions it (RFC 6721).
type Tombstone struct {
	ID    string
	Title string
	Link  string // the upstream story, when not pruned
	At    time.Time
}
