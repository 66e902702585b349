package websub

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/wiredesk/wiredesk/store"
)

// expireEvery is how often expired leases are removed.
const expireEvery = time.Minute

// dispatchGap spaces the dispatcher's walks of the subscription table:
// each finished delivery wakes it, and a walk costs a look at every
// subscription, so with many subscribers the walks come at most every
// few milliseconds, each starting what every slot freed meanwhile allows.
const dispatchGap = 5 * time.Millisecond

// Run delivers content until ctx ends, then waits for the deliveries in
// flight and saves their outcomes; a delivery cut short stays pending.
func (h *Hub) Run(ctx context.Context) {
	recorded := make(chan struct{})
	go func() {
		defer close(recorded)
		h.record(context.WithoutCancel(ctx))
	}()
	h.expire(ctx)
	lastExpire := h.now()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		wait := expireEvery
		walked := time.Now()
		if next := h.dispatch(ctx); !next.IsZero() {
			wait = min(wait, max(next.Sub(h.now()), time.Millisecond))
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			h.wg.Wait()
			close(h.results)
			<-recorded
			return
		case <-h.kick:
			h.pause(ctx, dispatchGap-time.Since(walked))
		case <-timer.C:
		}
		if h.now().Sub(lastExpire) >= expireEvery {
			h.expire(ctx)
			lastExpire = h.now()
		}
	}
}

// pause waits d (when positive) or until ctx ends.
func (h *Hub) pause(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// dispatch starts every due delivery the limits admit and returns when
// the earliest delivery waiting for its retry time is due (zero: none).
func (h *Hub) dispatch(ctx context.Context) time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now()
	var next time.Time
	for _, s := range h.subs { // map order: no subscriber is always first
		head := h.rendered[s.category]
		if s.category == "" || s.busy || head.Seq <= s.DeliveredSeq || s.LeaseUntil.Before(now) {
			continue
		}
		if now.Before(s.NextAttempt) {
			if next.IsZero() || s.NextAttempt.Before(next) {
				next = s.NextAttempt
			}
			continue
		}
		if h.running >= h.opt.MaxInFlight || h.inflight[s.host] >= h.opt.PerHost {
			continue // started again when a delivery ends
		}
		s.busy = true
		h.running++
		h.inflight[s.host]++
		h.wg.Add(1)
		go h.deliver(ctx, s.Subscription, s.host, head)
	}
	return next
}

// deliver sends the topic's content to one subscriber and records the
// outcome.
func (h *Hub) deliver(ctx context.Context, s store.Subscription, host string, head store.Head) {
	defer h.wg.Done()
	d, gone := h.send(ctx, s, head)
	h.mu.Lock()
	h.running--
	h.inflight[host]--
	cur := h.subs[s.ID]
	switch {
	case cur == nil:
	case ctx.Err() != nil:
		cur.busy = false // shutting down: still pending, for the next start
		h.mu.Unlock()
		return
	case gone:
		delete(h.subs, s.ID)
	case d.OK:
		h.delivered++
		cur.busy, cur.DeliveredSeq, cur.Attempts, cur.NextAttempt = false, max(cur.DeliveredSeq, d.Seq), 0, time.Time{}
		cur.LastStatus, cur.LastError = d.Status, ""
		h.delays.add(h.now().Sub(head.At))
	default:
		h.failed++
		cur.busy, cur.Attempts, cur.NextAttempt, cur.LastStatus, cur.LastError = false, d.Attempts, d.NextAttempt, d.Status, d.Error
	}
	h.mu.Unlock()
	if gone {
		if err := h.opt.Store.DeleteSubscription(context.WithoutCancel(ctx), s.Topic, s.Callback); err != nil {
			h.log.Error("websub: remove subscription", "url", redactedURL(s.Callback), "err", err)
		}
	} else {
		h.results <- d
	}
	h.wake()
}

// send makes one delivery attempt. gone reports that the subscription
// ended: the subscriber answered 410, or its audience may no longer read
// the topic (a denial is sent).
func (h *Hub) send(ctx context.Context, s store.Subscription, head store.Head) (d store.Delivery, gone bool) {
	d = store.Delivery{ID: s.ID, Seq: head.Seq}
	content, ok := h.opt.Topics.Content(s.Topic, s.Audience)
	if !ok {
		h.deny(ctx, s.Callback, s.Topic, "the topic is no longer available to this subscription")
		h.met.deliveries.WithLabelValues("denied").Inc()
		return d, true
	}
	rctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodPost, s.Callback, bytes.NewReader(content.Body))
	if err == nil {
		req.Header.Set("Content-Type", content.Type)
		req.Header.Set("Link", "<"+h.opt.URL+`>; rel="hub", <`+s.Topic+`>; rel="self"`)
		if s.Secret != "" {
			req.Header.Set("X-Hub-Signature", Signature(s.Secret, content.Body))
		}
		var resp *http.Response
		if resp, err = h.opt.Client.Do(req); err == nil {
			d.Status = resp.StatusCode
			_, cerr := io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			err = errors.Join(cerr, resp.Body.Close())
		}
	}
	switch {
	case err == nil && d.Status >= 200 && d.Status < 300:
		d.OK = true
		h.met.deliveries.WithLabelValues("ok").Inc()
		h.met.delay.Observe(h.now().Sub(head.At).Seconds())
		return d, false
	case err == nil && d.Status == http.StatusGone:
		h.met.deliveries.WithLabelValues("gone").Inc()
		h.log.Info("websub: subscriber gone", "url", redactedURL(s.Callback), "status", d.Status)
		return d, true
	case err == nil:
		err = fmt.Errorf("callback answered %d", d.Status)
	}
	d.Attempts = s.Attempts + 1
	d.NextAttempt = h.now().Add(h.backoff(d.Attempts))
	d.Error = err.Error()
	if ctx.Err() == nil {
		h.met.deliveries.WithLabelValues("failed").Inc()
		h.log.Warn("websub: delivery failed", "url", redactedURL(s.Callback), "status", d.Status, "err", err, "attempts", d.Attempts)
	}
	return d, false
}

// backoff is the delay before attempt n+1 after n failures: RetryBase
// doubled per failure, capped at MaxRetryDelay.
func (h *Hub) backoff(n int) time.Duration {
	d := h.opt.RetryBase
	for i := 1; i < n && d < MaxRetryDelay; i++ {
		d *= 2
	}
	return min(d, MaxRetryDelay)
}

// Signature is the X-Hub-Signature value of body under secret (§8:
// HMAC, here SHA-256, of the exact bytes sent, in hex).
func Signature(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// record saves delivery outcomes, many per transaction when they come
// faster than a commit, until Run closes the channel.
func (h *Hub) record(ctx context.Context) {
	for d := range h.results {
		batch := []store.Delivery{d}
	more:
		for len(batch) < 512 {
			select {
			case d, ok := <-h.results:
				if !ok {
					break more
				}
				batch = append(batch, d)
			default:
				break more
			}
		}
		if err := h.opt.Store.RecordDeliveries(ctx, batch); err != nil {
			h.log.Error("websub: record deliveries", "err", err)
		}
	}
}

// expire removes the subscriptions whose lease has ended.
func (h *Hub) expire(ctx context.Context) {
	now := h.now()
	n, err := h.opt.Store.ExpireSubscriptions(ctx, now)
	if err != nil {
		if ctx.Err() == nil {
			h.log.Error("websub: expire leases", "err", err)
		}
		return
	}
	h.mu.Lock()
	for id, s := range h.subs {
		if s.LeaseUntil.Before(now) && !s.busy {
			delete(h.subs, id)
		}
	}
	h.mu.Unlock()
	if n > 0 {
		h.log.Info("websub: leases expired", "subscriptions", n)
	}
}

// redactedURL is a callback URL as the log shows it: with the password of
// its user info masked, as the subscription log lines show it.
func redactedURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable callback URL)"
	}
	return u.Redacted()
}
