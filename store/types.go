package store

import (
	"fmt"
	"time"
)

// Head is the newest change of one feed.
type Head struct {
	Seq int64
	At  time.Time
}

// Refile is a story filed again under new categories, after the site's
// categories changed.
type Refile struct {
	ID         string
	Categories []string
}

// EditorialEvent is one withdrawal or restoration.
type EditorialEvent struct {
	Seq    int64
	ItemID string
	Action string // "withdraw" or "restore"
	Reason string
	By     string // who acted; "" for actions logged before it was recorded
	Title  string // the story's title, "" once pruned away
	At     time.Time
}

// Subscription is one WebSub subscriber of one topic (W3C WebSub §5.1),
// with the progress of its content distribution.
type Subscription struct {
	ID       int64
	Topic    string // the topic URL as the hub names it
	Callback string // the subscriber's callback URL
	// Secret signs every delivery (hub.secret, §5.1); "" for none.
	Secret string
	// Audience is the partner the subscription was authorised as, whose
	// view of the topic it is sent; "" for the public.
	Audience   string
	LeaseUntil time.Time
	CreatedAt  time.Time
	// DeliveredSeq is the change-log Seq (see Head) the last content
	// delivered reflected: a delivery is pending while the topic's head is
	// past it.
	DeliveredSeq int64
	// Attempts counts failed deliveries since the last success; NextAttempt
	// is when the next may be tried.
	Attempts    int
	NextAttempt time.Time
	LastStatus  int
	LastError   string
}

// Delivery is the outcome of one attempt to deliver content to a
// subscription, as RecordDeliveries saves it.
type Delivery struct {
	ID int64
	// OK marks a success: DeliveredSeq becomes Seq and Attempts 0.
	OK          bool
	Seq         int64
	Attempts    int
	NextAttempt time.Time
	Status      int
	Error       string
}

// BatchError reports the fetch of a batch whose save failed.
type BatchError struct {
	Index    int   // position of the fetch in the batch
	SourceID int64 // its source
	Err      error
}

// Error names the source whose fetch failed and why.
func (e *BatchError) Error() string {
	return fmt.Sprintf("store: save fetch of source %d: %v", e.SourceID, e.Err)
}

// Unwrap returns the save's own error.
func (e *BatchError) Unwrap() error { return e.Err }
