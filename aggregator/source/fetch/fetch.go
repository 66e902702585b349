package fetch

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/wiredesk/wiredesk/internal/clock"

	"github.com/wiredesk/wiredesk/config"
)

// acceptHeader prefers feed media types but accepts anything: many agencies
// serve RSS as text/html or application/octet-stream (RFC 9110 §12.5.1).
const acceptHeader = "application/rss+xml, application/atom+xml, application/feed+json, " +
	"application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"

// Sentinel errors wrapped by Error.
var (
	// ErrTooLarge means the body exceeded fetch.max_body after decompression.
	ErrTooLarge = errors.New("response body too large")
	// ErrGone means the upstream answered 410: the feed is permanently gone
	// (RFC 9110 §15.5.11) and should no longer be polled.
	ErrGone = errors.New("feed gone")
)

// ErrorKind says what the scheduler should make of a failed fetch.
type ErrorKind int

const (
	// KindSoft is a transient failure (timeout, connection error, 5xx, 429):
	// retry with backoff, honouring Error.RetryAfter.
	KindSoft ErrorKind = iota
	// KindHard is a failure that will not fix itself without a human (404,
	// 401/403, other 4xx, refused address, oversized body, redirect loop):
	// keep backing off and show it on /status.
	KindHard
	// KindGone is 410 Gone: stop polling the source.
	KindGone
)

// String names the kind for logs and /status.
func (k ErrorKind) String() string {
	switch k {
	case KindSoft:
		return "soft"
	case KindHard:
		return "hard"
	case KindGone:
		return "gone"
	}
	return fmt.Sprintf("ErrorKind(%d)", int(k))
}

// Request is one conditional GET of a source. ETag and LastModified are the
// validators stored from the previous successful fetch (RFC 9110 §13.1).
type Request struct {
	URL, ETag, LastModified string
}

// Response is a successful fetch: either a body (2xx) or NotModified (304).
type Response struct {
	Status       int
	NotModified  bool
	Body         []byte
	ContentType  string
	ETag         string
	LastModified string
	// FinalURL is the URL that answered, after redirects.
	FinalURL string
	// PermanentURL is set when the request was moved permanently (301/308,
	// RFC 9110 §15.4.2/§15.4.9): the last URL reached by the unbroken chain
	// of permanent hops from Request.URL. The caller should store it as the
	// source's new URL. Empty when the first hop was temporary.
	PermanentURL string
	// RetryAfter is the server's Retry-After hint, if any (RFC 9110 §10.2.3).
	RetryAfter time.Duration
	// FreshFor is how long the response stays fresh (RFC 9111 §4.2.1).
	FreshFor time.Duration

	release func() // returns the body's share of the fetch budget
}

// Release returns the body's share of the Fetcher's byte budget (see
// config.Fetch.Budget). Call it once done with Body, parsed items
// included; later calls do nothing. Until then the bytes count against
// every other fetch.
func (r *Response) Release() {
	if r != nil && r.release != nil {
		r.release()
		r.release = nil
	}
}

// Error describes a failed fetch. Every message names the URL and,
// when there was a response, its status.
type Error struct {
	URL        string
	Status     int // 0 when no response arrived
	Kind       ErrorKind
	RetryAfter time.Duration
	Err        error
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("fetch ")
	b.WriteString(e.URL)
	if e.Status != 0 {
		fmt.Fprintf(&b, ": HTTP %d %s", e.Status, http.StatusText(e.Status))
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Fetcher performs polite conditional GETs: validators, a real User-Agent,
// a per-host concurrency limit and a body cap applied after decompression.
// It is safe for concurrent use.
type Fetcher struct {
	client  *http.Client
	ua      string
	maxBody int64
	perHost int
	timeout time.Duration
	// fc is the configuration the Fetcher was built from, for Reconfigure.
	fc config.Fetch
	// newClient builds the client of a reconfigured Fetcher.
	newClient func(config.Fetch) *http.Client
	// budget bounds the body bytes held by fetches in flight and by the
	// documents their callers have not yet released.
	budget *byteBudget
	now    func() time.Time
	// slots bounds the fetches in flight at once (fetch.concurrency),
	// whatever number of sources the caller is processing and saving.
	slots chan struct{}

	mu    sync.Mutex
	hosts map[string]chan struct{}
	// shared, when set, holds the per-host limit across the processes
	// sharing a store (ShareHosts).
	shared SharedHosts
}

// NewFetcher wraps c (normally from NewHTTPClient). The client is copied so
// the Fetcher can record permanent redirects without touching the caller's.
func NewFetcher(c *http.Client, fc config.Fetch, userAgent string) *Fetcher {
	f := &Fetcher{
		ua:        userAgent,
		maxBody:   fc.MaxBody,
		perHost:   fc.PerHost,
		timeout:   cmp.Or(fc.Timeout, config.DefaultTimeout),
		fc:        fc,
		newClient: NewHTTPClient,
		now:       clock.Now,
		hosts:     make(map[string]chan struct{}),
	}
	slots := fc.Concurrency
	if slots <= 0 {
		slots = config.DefaultConcurrency
	}
	f.slots = make(chan struct{}, slots)
	if f.maxBody <= 0 {
		f.maxBody = config.DefaultMaxBody
	}
	if f.perHost <= 0 {
		f.perHost = config.DefaultPerHost
	}
	f.budget = newByteBudget(fc, f.maxBody+1, slots)
	cc := *c
	next := cc.CheckRedirect
	if next == nil {
		next = checkRedirect
	}
	cc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if t, ok := req.Context().Value(traceKey{}).(*redirectTrace); ok {
			t.hop(req)
		}
		return next(req, via)
	}
	f.client = &cc
	return f
}

// Reconfigure returns a Fetcher for fc with the same User-Agent and
// clock: a new HTTP client (timeouts, address guard), body cap, budget and
// concurrency limits. The receiver keeps working for fetches in flight.
func (f *Fetcher) Reconfigure(fc config.Fetch) *Fetcher {
	n := NewFetcher(f.newClient(fc), fc, f.ua)
	n.newClient, n.now, n.shared = f.newClient, f.now, f.shared
	return n
}

// Fetch GETs req.URL (http or https) and classifies the outcome: a
// *Response for 2xx and 304, a *Error otherwise. file:// URLs are
// FetchFile's.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, &Error{URL: req.URL, Kind: KindHard, Err: err}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, &Error{URL: req.URL, Kind: KindHard, Err: fmt.Errorf("unsupported scheme %q", u.Scheme)}
	}
	release, err := f.acquire(ctx, strings.ToLower(u.Hostname()))
	if err != nil {
		return nil, &Error{URL: req.URL, Kind: KindSoft, Err: fmt.Errorf("waiting for a per-host slot: %w", err)}
	}
	defer release()
	select { // a host's own slot first, so one busy host cannot hold them all
	case f.slots <- struct{}{}:
		defer func() { <-f.slots }()
	case <-ctx.Done():
		return nil, &Error{URL: req.URL, Kind: KindSoft, Err: fmt.Errorf("waiting for a fetch slot: %w", ctx.Err())}
	}

	trace := &redirectTrace{}
	hreq, err := http.NewRequestWithContext(context.WithValue(ctx, traceKey{}, trace), http.MethodGet, req.URL, nil)
	if err != nil {
		return nil, &Error{URL: req.URL, Kind: KindHard, Err: err}
	}
	hreq.Header.Set("User-Agent", f.ua)
	hreq.Header.Set("Accept", acceptHeader)
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}
	resp, err := f.client.Do(hreq)
	if err != nil {
		return nil, f.transportError(req.URL, err)
	}
	defer resp.Body.Close()

	now := f.now()
	out := &Response{
		Status:       resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		FinalURL:     resp.Request.URL.String(),
		PermanentURL: trace.permanent,
		RetryAfter:   retryAfter(resp.Header, now),
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		// A 304 should repeat the validators (RFC 9110 §15.4.5) but many
		// servers omit them; the stored ones are still current.
		out.NotModified = true
		out.ETag = cmp.Or(out.ETag, req.ETag)
		out.LastModified = cmp.Or(out.LastModified, req.LastModified)
		out.FreshFor = freshness(resp.Header, now)
		return out, nil
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		body, release, err := f.readBody(ctx, resp)
		if err != nil {
			kind := KindSoft
			if errors.Is(err, ErrTooLarge) {
				kind = KindHard
			}
			return nil, &Error{URL: req.URL, Status: resp.StatusCode, Kind: kind, Err: err}
		}
		out.Body, out.release = body, release
		out.FreshFor = freshness(resp.Header, now)
		return out, nil
	}
	return nil, &Error{URL: req.URL, Status: resp.StatusCode, Kind: statusKind(resp.StatusCode),
		RetryAfter: out.RetryAfter, Err: statusErr(resp.StatusCode)}
}

// statusKind classifies a non-success status. 408 Request Timeout and 425
// Too Early are transient despite being 4xx (RFC 9110 §15.5.9, RFC 8470).
func statusKind(code int) ErrorKind {
	switch {
	case code == http.StatusGone:
		return KindGone
	case code == http.StatusTooManyRequests, code == http.StatusRequestTimeout, code == http.StatusTooEarly:
		return KindSoft
	case code >= 500:
		return KindSoft
	}
	return KindHard
}

func statusErr(code int) error {
	if code == http.StatusGone {
		return ErrGone
	}
	return nil
}

// transportError classifies an error from Client.Do: refused addresses,
// redirect loops and untrusted certificates need a human; the rest
// (timeouts, resets, DNS hiccups) are transient. The *url.Error layer
// is peeled off because Error already names the URL.
func (f *Fetcher) transportError(rawURL string, err error) error {
	kind := KindSoft
	var badCert *tls.CertificateVerificationError
	if errors.Is(err, ErrPrivateAddress) || errors.Is(err, ErrTooManyRedirects) || errors.As(err, &badCert) {
		kind = KindHard
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &Error{URL: rawURL, Kind: kind, Err: err}
}

// readBody reads at most maxBody bytes after every layer of decompression.
// The transport undoes the Content-Encoding it negotiated; a body that is
// still gzip (a server that ignores negotiation, or a .xml.gz served as is)
// is recognised by its magic number and inflated here, inside the cap.
func (f *Fetcher) readBody(ctx context.Context, resp *http.Response) ([]byte, func(), error) {
	if !resp.Uncompressed && resp.ContentLength > f.maxBody &&
		resp.Header.Get("Content-Encoding") == "" {
		return nil, nil, f.tooLarge()
	}
	size := int64(-1)
	if resp.ContentLength > 0 && resp.ContentLength <= f.maxBody && resp.Header.Get("Content-Encoding") == "" {
		size = resp.ContentLength
	}
	var r io.Reader = bufio.NewReader(resp.Body)
	if magic, err := r.(*bufio.Reader).Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, nil, fmt.Errorf("gzip body: %w", err)
		}
		defer zr.Close()
		r, size = zr, -1 // inflated: its length is unknown
	}
	return f.readLimited(ctx, r, size)
}

// readLimited reads r up to maxBody bytes (ErrTooLarge beyond), within the
// byte budget: it reserves bodyChunk first and the rest of maxBody only
// when the body is larger, waiting in line for it (at most fetch.timeout).
// On success the returned func gives back the share the body keeps. size,
// when not -1, is the expected length (a hint for the buffer).
func (f *Fetcher) readLimited(ctx context.Context, r io.Reader, size int64) ([]byte, func(), error) {
	limit := f.maxBody + 1
	held := min(int64(bodyChunk), limit)
	if size > held {
		// A body of known length takes its whole share at once, before
		// holding anything, so it never waits with a share in hand.
		held = min(size+1, limit)
	}
	wait := func(n int64) error {
		wctx, cancel := context.WithTimeout(ctx, f.timeout)
		defer cancel()
		if err := f.budget.acquire(wctx, n); err != nil {
			return fmt.Errorf("waiting for %d bytes of the fetch budget (fetch.budget): %w", n, err)
		}
		return nil
	}
	if err := wait(held); err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	if size > 0 {
		buf.Grow(int(min(size, held)))
	}
	lr := io.LimitReader(r, limit)
	for {
		n, err := io.CopyN(&buf, lr, held-int64(buf.Len()))
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			f.budget.release(held)
			return nil, nil, fmt.Errorf("read body: %w", err)
		}
		if n == 0 || held == limit {
			break
		}
		// The body outgrew its chunk: take the rest of max_body.
		if err := wait(limit - held); err != nil {
			f.budget.release(held)
			return nil, nil, err
		}
		held = limit
		if size > int64(buf.Len()) {
			buf.Grow(int(size) - buf.Len())
		}
	}
	if int64(buf.Len()) > f.maxBody {
		f.budget.release(held)
		return nil, nil, f.tooLarge()
	}
	keep := int64(buf.Len())
	f.budget.release(held - keep)
	var once sync.Once
	return buf.Bytes(), func() { once.Do(func() { f.budget.release(keep) }) }, nil
}

func (f *Fetcher) tooLarge() error {
	return fmt.Errorf("%w: over the %d-byte limit (fetch.max_body)", ErrTooLarge, f.maxBody)
}

// SharedHosts holds fetch.per_host across every process that shares it
// (several nodes on one store). TryHost takes one of the host's slots if
// one is free; release gives it back after the fetch.
type SharedHosts interface {
	TryHost(ctx context.Context, host string) (release func(), ok bool, err error)
}

// ShareHosts makes f also take a slot of s before each fetch, after its
// own per-host limit; call it before the first fetch. A Fetcher made by
// Reconfigure keeps it.
func (f *Fetcher) ShareHosts(s SharedHosts) { f.shared = s }

// Waits between two tries for a shared host slot: doubling from
// hostWaitMin to hostWaitMax, each with up to half again at random, so
// that nodes refused at once do not come back in step.
const (
	hostWaitMin = 20 * time.Millisecond
	hostWaitMax = time.Second
)

// acquire takes one of the host's perHost slots, waiting while honouring
// ctx: this process's own, then with shared hosts one shared with the
// other nodes.
func (f *Fetcher) acquire(ctx context.Context, host string) (func(), error) {
	f.mu.Lock()
	sem, ok := f.hosts[host]
	if !ok {
		sem = make(chan struct{}, f.perHost)
		f.hosts[host] = sem
	}
	f.mu.Unlock()
	select {
	case sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	local := func() { <-sem }
	if f.shared == nil {
		return local, nil
	}
	for wait := hostWaitMin; ; wait = min(2*wait, hostWaitMax) {
		release, ok, err := f.shared.TryHost(ctx, host)
		if err != nil {
			local()
			return nil, fmt.Errorf("host %s: %w", host, err)
		}
		if ok {
			return func() { release(); local() }, nil
		}
		t := time.NewTimer(wait + rand.N(wait/2))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			local()
			return nil, fmt.Errorf("host %s: every slot is taken by other nodes: %w", host, ctx.Err())
		}
	}
}

// Limits are the bounds a Fetcher enforces, as built from its
// configuration with defaults and floors applied.
type Limits struct {
	Timeout     time.Duration // the HTTP client's overall deadline
	Concurrency int           // fetches in flight at once
	PerHost     int           // fetches in flight to one host
	MaxBody     int64         // bytes of one body after decompression
	Budget      int64         // bytes of bodies held at once
}

// Limits reports the bounds f enforces: a reload's effect can be checked
// without a fetch.
func (f *Fetcher) Limits() Limits {
	return Limits{Timeout: f.client.Timeout, Concurrency: cap(f.slots), PerHost: f.perHost,
		MaxBody: f.maxBody, Budget: f.budget.size}
}
