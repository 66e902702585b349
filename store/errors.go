package store

import "errors"

// ErrNotFound is returned when a story or source does not exist.
var ErrNotFound = errors.New("store: not found")

// ErrSearchStopped is wrapped by the error Store.Search returns when its
// context ended the search before the page was full; the stories found
// by then come with it.
var ErrSearchStopped = errors.New("search stopped before it was complete")

// ErrNotWithdrawn is returned by Restore for a story that is not
// withdrawn: there is nothing to undo, and nothing is logged.
var ErrNotWithdrawn = errors.New("store: story is not withdrawn")

// ErrPruned is returned by Restore for a withdrawn story whose content
// Prune has already cleared: only its tombstone is left.
var ErrPruned = errors.New("store: story content was pruned")

// ErrSchemaTooNew is returned by Open for a database migrated by a newer
// wiredesk: running old code on it could silently misread new columns.
var ErrSchemaTooNew = errors.New("store: database schema is newer than this binary")
