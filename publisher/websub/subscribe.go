package websub

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/store"
)

// maxSecret is the length hub.secret must stay under (§5.1).
const maxSecret = 200

// request is a validated subscription request (§5.1).
type request struct {
	mode     string // "subscribe" or "unsubscribe"
	callback *url.URL
	topic    string
	category string
	lease    time.Duration
	secret   string
	audience string
}

// ServeHTTP answers subscription requests (§5.1): 202 Accepted once the
// request is well formed, then verification of intent (§5.3) or a denial
// (§5.2) at the callback; 400 with the reason for a malformed request or
// a callback the address guard refuses.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "WebSub hub: POST a subscription request (W3C WebSub §5.1)", http.StatusMethodNotAllowed)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form: "+err.Error(), http.StatusBadRequest)
		return
	}
	req, err := h.parse(r)
	if err != nil {
		h.met.verifications.WithLabelValues("refused").Inc()
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if ok, wait := h.callbacks.allow(req.callback.Hostname(), h.now()); !ok {
		h.met.verifications.WithLabelValues("limited").Inc()
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		http.Error(w, "too many subscription requests for this callback host; retry later", http.StatusTooManyRequests)
		return
	}
	if req.mode == "subscribe" && h.full(req) {
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "hub full: no new subscriptions accepted now", http.StatusServiceUnavailable)
		return
	}
	audience, authErr := h.opt.Topics.Authorize(r, req.topic)
	req.audience = audience
	select {
	case h.verifying <- struct{}{}:
	default:
		w.Header().Set("Retry-After", "5")
		http.Error(w, "hub busy verifying subscriptions; retry shortly", http.StatusServiceUnavailable)
		return
	}
	ctx := context.WithoutCancel(r.Context())
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		defer func() { <-h.verifying }()
		if authErr != nil {
			h.met.verifications.WithLabelValues("denied").Inc()
			h.deny(ctx, req.callback.String(), req.topic, authErr.Error())
			return
		}
		h.verify(ctx, req)
	}()
	w.WriteHeader(http.StatusAccepted)
}

// full reports whether req would be a new subscription past
// Options.MaxSubscriptions.
func (h *Hub) full(req request) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.subs) < h.opt.MaxSubscriptions {
		return false
	}
	cb := req.callback.String()
	for _, s := range h.subs {
		if s.Topic == req.topic && s.Callback == cb {
			return false // a renewal
		}
	}
	return true
}

// parse validates the form of a subscription request.
func (h *Hub) parse(r *http.Request) (request, error) {
	f := r.PostForm
	req := request{mode: f.Get("hub.mode"), topic: f.Get("hub.topic"), secret: f.Get("hub.secret"), lease: DefaultLease}
	if req.mode != "subscribe" && req.mode != "unsubscribe" {
		return req, fmt.Errorf("hub.mode: want subscribe or unsubscribe, got %q", req.mode)
	}
	cb, err := url.Parse(f.Get("hub.callback"))
	if err != nil || (cb.Scheme != "http" && cb.Scheme != "https") || cb.Host == "" {
		return req, fmt.Errorf("hub.callback: want an absolute http(s) URL, got %q", f.Get("hub.callback"))
	}
	cb.Fragment = ""
	req.callback = cb
	cat, ok := h.opt.Topics.Category(req.topic)
	if !ok {
		return req, fmt.Errorf("hub.topic: %q is not a feed of this site", req.topic)
	}
	req.category = cat
	if len(req.secret) >= maxSecret {
		return req, fmt.Errorf("hub.secret: must be under %d bytes", maxSecret)
	}
	if v := f.Get("hub.lease_seconds"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return req, fmt.Errorf("hub.lease_seconds: want a number of seconds, got %q", v)
		}
		if n > 0 {
			req.lease = min(max(time.Duration(min(n, int64(MaxLease/time.Second)))*time.Second, MinLease), MaxLease)
		}
	}
	if h.opt.CheckCallback != nil {
		if err := h.opt.CheckCallback(r.Context(), cb); err != nil {
			return req, fmt.Errorf("hub.callback: %w", err)
		}
	}
	return req, nil
}

// verify checks the subscriber's intent (§5.3) and applies the request.
func (h *Hub) verify(ctx context.Context, req request) {
	challenge := rand.Text()
	q := req.callback.Query()
	q.Set("hub.mode", req.mode)
	q.Set("hub.topic", req.topic)
	q.Set("hub.challenge", challenge)
	if req.mode == "subscribe" {
		q.Set("hub.lease_seconds", strconv.FormatInt(int64(req.lease/time.Second), 10))
	}
	u := *req.callback
	u.RawQuery = q.Encode()
	body, status, err := h.get(ctx, u.String())
	if err == nil && (status < 200 || status > 299 || strings.TrimSpace(string(body)) != challenge) {
		err = fmt.Errorf("callback answered %d without echoing hub.challenge", status)
	}
	if err != nil {
		h.met.verifications.WithLabelValues("failed").Inc()
		h.log.Info("websub: intent not verified", "url", req.callback.Redacted(), "mode", req.mode, "err", err)
		return
	}
	if req.mode == "unsubscribe" {
		err = h.unsubscribe(ctx, req)
	} else {
		err = h.subscribe(ctx, req)
	}
	if err != nil {
		h.log.Error("websub: save subscription", "url", req.callback.Redacted(), "err", err)
		return
	}
	h.met.verifications.WithLabelValues("verified").Inc()
	h.log.Info("websub: "+req.mode+" verified", "url", req.callback.Redacted(), "topic", h.opt.DisplayTopic(req.topic))
}

func (h *Hub) subscribe(ctx context.Context, req request) error {
	heads, err := h.opt.Store.Heads(ctx, []string{req.category})
	if err != nil {
		return err
	}
	s, err := h.opt.Store.SaveSubscription(ctx, store.Subscription{Topic: req.topic, Callback: req.callback.String(),
		Secret: req.secret, Audience: req.audience, LeaseUntil: h.now().Add(req.lease), DeliveredSeq: heads[req.category].Seq})
	if err != nil {
		return err
	}
	h.mu.Lock()
	h.track(s)
	h.mu.Unlock()
	return nil
}

func (h *Hub) unsubscribe(ctx context.Context, req request) error {
	cb := req.callback.String()
	if err := h.opt.Store.DeleteSubscription(ctx, req.topic, cb); err != nil {
		return err
	}
	h.mu.Lock()
	for id, s := range h.subs {
		if s.Topic == req.topic && s.Callback == cb {
			delete(h.subs, id)
		}
	}
	h.mu.Unlock()
	return nil
}

// deny tells a subscriber its subscription was refused or has ended
// (§5.2); it is sent once, best effort.
func (h *Hub) deny(ctx context.Context, callback, topic, reason string) {
	u, err := url.Parse(callback)
	if err != nil {
		return
	}
	q := u.Query()
	q.Set("hub.mode", "denied")
	q.Set("hub.topic", topic)
	q.Set("hub.reason", reason)
	u.RawQuery = q.Encode()
	if _, _, err := h.get(ctx, u.String()); err != nil {
		h.log.Info("websub: denial not delivered", "url", u.Redacted(), "err", err)
	}
}

// get sends a GET to the callback and reads at most 4 KB of the answer.
func (h *Hub) get(ctx context.Context, u string) ([]byte, int, error) {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, err
	}
	resp, err := h.opt.Client.Do(req)
	if err != nil {
		return nil, 0, err
	}
	body, rerr := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	return body, resp.StatusCode, errors.Join(rerr, resp.Body.Close())
}
