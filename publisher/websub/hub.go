// Package websub is wiredesk's built-in WebSub hub (W3C WebSub
// Recommendation, 23 January 2018): subscribers ask it to push a feed
// (a topic) to their callback URL, and it sends them the feed's new
// content within moments of the commit that changed it.
//
//   - Subscription (§5.1) is a form POST to the hub; the hub answers 202
//     and verifies the subscriber's intent (§5.3) with a GET carrying
//     hub.challenge, which the callback must echo. A topic the request may
//     not read (a partner-only feed without the partner's credential) is
//     answered with a denial (§5.2) instead.
//   - Leases: hub.lease_seconds is granted within [MinLease, MaxLease],
//     DefaultLease when not asked for; expired subscriptions are removed.
//   - Content distribution (§7) sends the whole current feed document, not
//     only its new entries, with Link rel="hub" and rel="self" and, when
//     the subscriber gave a hub.secret, X-Hub-Signature: sha256=HMAC of
//     the body. A failure is retried with exponential backoff until the
//     lease ends; 410 Gone ends the subscription.
//
// Subscriptions and their delivery progress live in the store: a
// delivery is pending while the topic's change log (store.Head) is past
// the last content the subscriber was sent, so a restart loses none.
// Deliveries run concurrently, at most PerHost at a time to one callback
// host, each with its own deadline: a slow or dead subscriber delays only
// itself, and the hub never blocks the poller or the publisher.
package websub

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wiredesk/wiredesk/internal/clock"
	"github.com/wiredesk/wiredesk/store"
)

// Lease bounds (§5.1 hub.lease_seconds): a subscriber asking for less or
// more gets the bound, one asking for nothing DefaultLease.
const (
	DefaultLease = 10 * 24 * time.Hour
	MinLease     = time.Hour
	MaxLease     = 30 * 24 * time.Hour
)

// Defaults of Options.
const (
	DefaultPerHost     = 4
	DefaultMaxInFlight = 64
	DefaultRetryBase   = 5 * time.Second
	// MaxRetryDelay caps the backoff between two attempts.
	MaxRetryDelay = time.Hour
	// requestTimeout bounds one verification or delivery request.
	requestTimeout = 10 * time.Second
	// maxVerifying bounds the intent verifications in flight.
	maxVerifying = 16
	// DefaultMaxSubscriptions bounds the subscription table: a new
	// subscription past it is answered 503 (renewals and unsubscriptions
	// still work).
	DefaultMaxSubscriptions = 100000
)

// Store is what the hub keeps in the database; a store.Store satisfies it.
type Store interface {
	SaveSubscription(ctx context.Context, sub store.Subscription) (store.Subscription, error)
	DeleteSubscription(ctx context.Context, topic, callback string) error
	ExpireSubscriptions(ctx context.Context, now time.Time) (int, error)
	Subscriptions(ctx context.Context) ([]store.Subscription, error)
	RecordDeliveries(ctx context.Context, ds []store.Delivery) error
	Heads(ctx context.Context, categories []string) (map[string]store.Head, error)
}

// Content is a topic's current document.
type Content struct {
	Body []byte
	Type string // Content-Type
}

// Topics is what the hub asks the publisher about topic URLs.
type Topics interface {
	// Category returns the category a topic URL is a feed of, or false
	// for a URL that is not one of the site's feeds.
	Category(topic string) (slug string, ok bool)
	// Authorize decides whether the subscription request r may read the
	// topic, and as whom: "" for the public, else the partner whose
	// credential r presents. The error is the reason of a denial.
	Authorize(r *http.Request, topic string) (audience string, err error)
	// Content returns the topic's current document as audience may read
	// it, or false when audience may no longer read it.
	Content(topic, audience string) (Content, bool)
}

// Options configure a Hub. Store, Topics, Client and URL are required.
type Options struct {
	Store  Store
	Topics Topics
	// Client sends verifications, denials and deliveries; build it with
	// the same address guard as polling (fetch.NewHTTPClient).
	Client *http.Client
	// CheckCallback refuses a callback URL at subscription time (the
	// address guard's verdict on its host); nil admits any.
	CheckCallback func(ctx context.Context, u *url.URL) error
	// URL is the hub's own absolute URL (rel="hub").
	URL string
	// DisplayTopic is a topic URL as the operator sees it in logs, on the
	// status page and in metrics: a topic may carry a partner's token
	// (publisher.RedactPathToken). Nil shows topics as they are.
	DisplayTopic func(topic string) string
	PerHost      int           // deliveries in flight to one callback host (DefaultPerHost)
	MaxInFlight  int           // deliveries in flight in all (DefaultMaxInFlight)
	RetryBase    time.Duration // first retry delay, doubled per failure (DefaultRetryBase)
	// MaxSubscriptions bounds the table (DefaultMaxSubscriptions).
	MaxSubscriptions int
	Now              func() time.Time
	Logger           *slog.Logger
	Registry         prometheus.Registerer
}

// Hub is a WebSub hub. Call Load, then Run; ServeHTTP answers
// subscription requests at the hub's URL.
type Hub struct {
	opt Options
	log *slog.Logger
	now func() time.Time
	met *metrics

	mu       sync.Mutex
	subs     map[int64]*sub
	rendered map[string]store.Head // per category: the change the published content reflects
	inflight map[string]int        // deliveries per callback host
	running  int                   // deliveries in flight
	// delivered and failed count delivery attempts since start.
	delivered, failed int64
	delays            delayRing

	kick      chan struct{}
	results   chan store.Delivery
	verifying chan struct{}
	callbacks hostLimiter    // subscription requests per callback host
	wg        sync.WaitGroup // deliveries and verifications
}

// sub is a subscription as the dispatcher tracks it.
type sub struct {
	store.Subscription
	category string
	host     string
	busy     bool
}

// New returns a hub; nothing is delivered before Run.
func New(opt Options) *Hub {
	if opt.PerHost <= 0 {
		opt.PerHost = DefaultPerHost
	}
	if opt.MaxInFlight <= 0 {
		opt.MaxInFlight = DefaultMaxInFlight
	}
	if opt.RetryBase <= 0 {
		opt.RetryBase = DefaultRetryBase
	}
	if opt.MaxSubscriptions <= 0 {
		opt.MaxSubscriptions = DefaultMaxSubscriptions
	}
	h := &Hub{opt: opt, log: opt.Logger, now: opt.Now,
		subs: map[int64]*sub{}, rendered: map[string]store.Head{}, inflight: map[string]int{},
		kick: make(chan struct{}, 1), results: make(chan store.Delivery, 1024),
		verifying: make(chan struct{}, maxVerifying)}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.now == nil {
		h.now = clock.Now
	}
	if h.opt.DisplayTopic == nil {
		h.opt.DisplayTopic = func(topic string) string { return topic }
	}
	h.met = newMetrics(opt.Registry, h)
	return h
}

// Load reads the stored subscriptions.
func (h *Hub) Load(ctx context.Context) error {
	subs, err := h.opt.Store.Subscriptions(ctx)
	if err != nil {
		return fmt.Errorf("websub: load: %w", err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range subs {
		h.track(s)
	}
	return nil
}

// track adds or replaces s in the dispatcher's table; h.mu is held.
func (h *Hub) track(s store.Subscription) {
	cat, ok := h.opt.Topics.Category(s.Topic)
	if !ok {
		cat = "" // a topic the site no longer has: never due, expires with its lease
	}
	host := ""
	if u, err := url.Parse(s.Callback); err == nil {
		host = u.Host
	}
	old := h.subs[s.ID]
	n := &sub{Subscription: s, category: cat, host: host}
	if old != nil {
		n.busy = old.busy
	}
	h.subs[s.ID] = n
}

// Heads is what Mark read: the newest change of each category.
type Heads map[string]store.Head

// Mark reads the change log's heads of categories. Call it before
// rendering them, and Published with its result once the rendered feeds
// are served: the content then reflects at least those changes.
func (h *Hub) Mark(ctx context.Context, categories []string) (Heads, error) {
	heads, err := h.opt.Store.Heads(ctx, categories)
	if err != nil {
		return nil, fmt.Errorf("websub: %w", err)
	}
	return heads, nil
}

// Published tells the hub that the feeds of heads' categories now serve
// content reflecting them: subscribers not sent it yet are due.
func (h *Hub) Published(heads Heads) {
	h.mu.Lock()
	for c, hd := range heads {
		if hd.Seq > h.rendered[c].Seq {
			h.rendered[c] = hd
		}
	}
	h.mu.Unlock()
	h.wake()
}

func (h *Hub) wake() {
	select {
	case h.kick <- struct{}{}:
	default:
	}
}
