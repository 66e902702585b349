package aggregator

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/config"
)

// Scheduling bounds.
const (
	// minAdaptive is the shortest interval the adaptive rule proposes.
	minAdaptive = 5 * time.Minute
	// maxInterval caps adaptive intervals and server hints: a source is
	// polled at least daily, whatever its headers say.
	maxInterval = 24 * time.Hour
	// maxBackoff caps exponential backoff so a recovered source is noticed
	// within hours.
	maxBackoff = 6 * time.Hour
	// jitter spreads sources that share an interval (±10%).
	jitter = 0.10
)

// scheduleInput is what nextFetch needs to know about one source after a
// fetch. Durations of 0 mean "unknown / not given".
type scheduleInput struct {
	Now time.Time
	// Base is fetch.interval, the default polling interval.
	Base time.Duration
	// Pinned is the source's own interval; 0 means adaptive.
	Pinned time.Duration
	// Failures counts consecutive failures including this fetch; 0 after a
	// success (which resets the backoff).
	Failures int
	// RetryAfter is the server's Retry-After (Response or fetch.Error).
	RetryAfter time.Duration
	// FreshFor is Response.FreshFor (Cache-Control max-age or Expires).
	FreshFor time.Duration
	// FeedTTL is the feed's own hint, RSS 2.0 <ttl> (Document.TTL).
	FeedTTL time.Duration
	// meanGap is the mean gap between the source's stories (see MeanGap).
	MeanGap time.Duration
	// Rand returns a value in [0,1) for jitter; nil means no jitter.
	Rand func() float64
}

// nextFetch returns when the source should be fetched again.
//
// After a success the interval is Pinned if set, else adaptive: half the
// mean gap between stories, clamped to [5m, 24h] and never below Base, so
// a source that publishes twice a day is not polled every ten minutes.
// Hints only ever lengthen it, each capped at 24h: Cache-Control max-age or
// Expires (RFC 9111 §5.2.2.1, §5.3; fetching a fresh response again is
// wasted), RSS 2.0 <ttl> ("minutes it can be cached before refreshing"),
// and Retry-After (RFC 9110 §10.2.3). Then ±10% jitter, though never
// earlier than Retry-After.
//
// After a failure the delay is Base·2^(Failures-1), capped at 6h, with
// "equal jitter" (uniform in the upper half) so failing sources do not
// retry in lockstep; and at least Retry-After (capped at 24h), which a
// 429 or 503 uses to say when to come back (RFC 9110 §10.2.3, RFC 6585 §4).
func nextFetch(in scheduleInput) time.Time {
	t, _ := nextFetchWhy(in)
	return t
}

// nextFetchWhy is nextFetch, with the reason the operator sees on /status
// beside the time: the rule or hint that set the delay.
func nextFetchWhy(in scheduleInput) (time.Time, string) {
	rnd := in.Rand
	if rnd == nil {
		rnd = func() float64 { return 0.5 }
	}
	base := in.Base
	if base <= 0 {
		base = config.DefaultInterval
	}
	floor := min(max(in.RetryAfter, 0), maxInterval)
	if in.Failures > 0 {
		d := backoff(base, in.Failures)
		d = d/2 + time.Duration(rnd()*float64(d/2))
		why := fmt.Sprintf("backoff after %d failure%s", in.Failures, plural(in.Failures))
		if floor > d {
			d, why = floor, "Retry-After "+roundDuration(floor)+" (the server asked)"
		}
		return in.Now.Add(d), why
	}
	d, why := in.Pinned, "the source's interval: "+roundDuration(in.Pinned)
	if d <= 0 {
		d, why = base, "fetch.interval: "+roundDuration(base)
		// A gap of 0 is unknown (fewer than three dated stories): no
		// publishing rate to lengthen the interval with.
		if adaptive := min(max(in.MeanGap/2, minAdaptive), maxInterval); in.MeanGap > 0 && adaptive > base {
			d, why = adaptive, "adaptive: a story every "+roundDuration(in.MeanGap)+" on average"
		}
	}
	for _, h := range []struct {
		d   time.Duration
		why string
	}{
		{in.FreshFor, "upstream Cache-Control/Expires: fresh for "},
		{in.FeedTTL, "the feed's <ttl>: "},
		{in.RetryAfter, "Retry-After "},
	} {
		if hint := min(h.d, maxInterval); hint > d {
			d, why = hint, h.why+roundDuration(hint)
		}
	}
	d = time.Duration(float64(d) * (1 - jitter + 2*jitter*rnd()))
	return in.Now.Add(max(d, floor)), why
}

// roundDuration prints a delay as an operator reads it: "2h12m", "45s".
func roundDuration(d time.Duration) string {
	switch {
	case d >= time.Hour:
		d = d.Round(time.Minute)
	case d >= time.Minute:
		d = d.Round(time.Second)
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// backoff is base·2^(failures-1) capped at maxBackoff, without overflow.
func backoff(base time.Duration, failures int) time.Duration {
	d := base
	for i := 1; i < failures && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

// meanGap returns the mean gap between story publication times, ignoring
// zero times; 0 when fewer than three known times span a positive period.
func meanGap(times []time.Time) time.Duration {
	var ts []time.Time
	for _, t := range times {
		if !t.IsZero() {
			ts = append(ts, t)
		}
	}
	if len(ts) < 3 {
		return 0
	}
	first := slices.MinFunc(ts, time.Time.Compare)
	last := slices.MaxFunc(ts, time.Time.Compare)
	return last.Sub(first) / time.Duration(len(ts)-1)
}
