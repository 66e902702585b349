package aggregator

import (
	"fmt"
	"testing"
	"time"
)

var schedNow = time.Date(2025, time.March, 4, 12, 0, 0, 0, time.UTC)

func fixedRand(v float64) func() float64 { return func() float64 { return v } }

func TestNextFetchSuccess(t *testing.T) {
	const base = 10 * time.Minute
	tests := []struct {
		name string
		in   scheduleInput
		want time.Duration
	}{
		{"base, no hints", scheduleInput{}, base},
		{"pinned", scheduleInput{Pinned: 3 * time.Minute}, 3 * time.Minute},
		{"pinned beyond a day", scheduleInput{Pinned: 48 * time.Hour}, 48 * time.Hour},
		{"busy source stays at base", scheduleInput{MeanGap: 2 * time.Minute}, base},
		{"slow source lengthens", scheduleInput{MeanGap: 3 * time.Hour}, 90 * time.Minute},
		{"adaptive capped at a day", scheduleInput{MeanGap: 30 * 24 * time.Hour}, 24 * time.Hour},
		{"max-age lengthens", scheduleInput{FreshFor: time.Hour}, time.Hour},
		{"max-age never shortens", scheduleInput{FreshFor: time.Minute}, base},
		{"ttl lengthens", scheduleInput{FeedTTL: 45 * time.Minute}, 45 * time.Minute},
		{"hint capped at a day", scheduleInput{FeedTTL: 7 * 24 * time.Hour}, 24 * time.Hour},
		{"retry-after on success", scheduleInput{RetryAfter: 2 * time.Hour}, 2 * time.Hour},
		{"largest hint wins", scheduleInput{FreshFor: time.Hour, FeedTTL: 2 * time.Hour, MeanGap: time.Hour}, 2 * time.Hour},
		{"hints beat pinned", scheduleInput{Pinned: 5 * time.Minute, FeedTTL: time.Hour}, time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.Now, in.Base = schedNow, base
			if got := nextFetch(in).Sub(schedNow); got != tc.want {
				t.Errorf("interval = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestNextFetchJitter(t *testing.T) {
	in := scheduleInput{Now: schedNow, Base: time.Hour}
	for _, tc := range []struct {
		r    float64
		want time.Duration
	}{{0, 54 * time.Minute}, {0.5, time.Hour}, {0.999999, 66 * time.Minute}} {
		in.Rand = fixedRand(tc.r)
		got := nextFetch(in).Sub(schedNow)
		if got < tc.want-time.Second || got > tc.want {
			t.Errorf("rand %v: interval %v, want about %v", tc.r, got, tc.want)
		}
	}
	in.Rand, in.RetryAfter = fixedRand(0), time.Hour
	if got := nextFetch(in).Sub(schedNow); got != time.Hour {
		t.Errorf("jitter went below Retry-After: %v", got)
	}
}

func TestNextFetchBackoff(t *testing.T) {
	const base = 10 * time.Minute
	tests := []struct {
		failures int
		upper    time.Duration // delay with rand→1; rand=0 gives half
	}{
		{1, 10 * time.Minute},
		{2, 20 * time.Minute},
		{3, 40 * time.Minute},
		{4, 80 * time.Minute},
		{5, 160 * time.Minute},
		{6, 320 * time.Minute},
		{7, 6 * time.Hour}, // capped
		{50, 6 * time.Hour},
		{1 << 30, 6 * time.Hour}, // no overflow
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("failures=%d", tc.failures), func(t *testing.T) {
			in := scheduleInput{Now: schedNow, Base: base, Failures: tc.failures}
			in.Rand = fixedRand(0)
			if got := nextFetch(in).Sub(schedNow); got != tc.upper/2 {
				t.Errorf("rand 0: %v, want %v", got, tc.upper/2)
			}
			in.Rand = fixedRand(0.999999)
			if got := nextFetch(in).Sub(schedNow); got <= tc.upper/2 || got > tc.upper {
				t.Errorf("rand ~1: %v, want in (%v, %v]", got, tc.upper/2, tc.upper)
			}
		})
	}
	t.Run("retry-after floor", func(t *testing.T) {
		in := scheduleInput{Now: schedNow, Base: base, Failures: 1, RetryAfter: 3 * time.Hour}
		if got := nextFetch(in).Sub(schedNow); got != 3*time.Hour {
			t.Errorf("got %v, want Retry-After 3h", got)
		}
		in.RetryAfter = 30 * 24 * time.Hour
		if got := nextFetch(in).Sub(schedNow); got != 24*time.Hour {
			t.Errorf("got %v, want Retry-After capped at 24h", got)
		}
	})
	t.Run("reset after success", func(t *testing.T) {
		in := scheduleInput{Now: schedNow, Base: base, Failures: 9}
		if got := nextFetch(in).Sub(schedNow); got < time.Hour {
			t.Fatalf("9 failures: %v", got)
		}
		in.Failures = 0
		if got := nextFetch(in).Sub(schedNow); got != base {
			t.Errorf("after success: %v, want base %v", got, base)
		}
	})
}

func TestMeanGap(t *testing.T) {
	at := func(h ...int) []time.Time {
		var ts []time.Time
		for _, x := range h {
			if x < 0 {
				ts = append(ts, time.Time{})
				continue
			}
			ts = append(ts, schedNow.Add(-time.Duration(x)*time.Hour))
		}
		return ts
	}
	tests := []struct {
		name  string
		times []time.Time
		want  time.Duration
	}{
		{"empty", nil, 0},
		{"two", at(0, 5), 0},
		{"three evenly", at(0, 2, 4), 2 * time.Hour},
		{"unordered", at(6, 0, 3, 9), 3 * time.Hour},
		{"zeros ignored", at(-1, 0, -1, 4, 8), 4 * time.Hour},
		{"zeros do not count", at(-1, -1, 0, 8), 0},
		{"all equal", at(1, 1, 1), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := meanGap(tc.times); got != tc.want {
				t.Errorf("MeanGap = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestNextFetchAnyRetryAfter: whatever Retry-After the fetch parsed (up
// to its cap of 2^31 seconds), the next fetch is neither in the past nor
// beyond the daily poll.
func TestNextFetchAnyRetryAfter(t *testing.T) {
	for _, ra := range []time.Duration{0, time.Second, 2 * time.Minute, 48 * time.Hour, 1 << 31 * time.Second} {
		for failures := range 4 {
			in := scheduleInput{Now: schedNow, Base: time.Minute, Failures: failures, RetryAfter: ra, Rand: fixedRand(0.3)}
			if next := nextFetch(in); next.Before(schedNow) || next.After(schedNow.Add(maxInterval+maxInterval/10)) {
				t.Errorf("nextFetch with RetryAfter %v, %d failures = %v", ra, failures, next)
			}
		}
	}
}

// TestNextFetchWhy: the reason names whatever set the delay.
func TestNextFetchWhy(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		in   scheduleInput
		want string
	}{
		{"interval", scheduleInput{Base: 10 * time.Minute}, "fetch.interval: 10m"},
		{"pinned", scheduleInput{Base: 10 * time.Minute, Pinned: 15 * time.Minute}, "the source's interval: 15m"},
		{"slow source", scheduleInput{Base: time.Minute, MeanGap: 4*time.Hour + 24*time.Minute},
			"adaptive: a story every 4h24m on average"},
		{"rate unknown, short interval", scheduleInput{Base: time.Minute}, "fetch.interval: 1m"},
		{"max-age", scheduleInput{Base: 10 * time.Minute, FreshFor: time.Hour}, "upstream Cache-Control/Expires: fresh for 1h"},
		{"ttl", scheduleInput{Base: 10 * time.Minute, FeedTTL: 30 * time.Minute}, "the feed's <ttl>: 30m"},
		{"retry-after on a 200", scheduleInput{Base: 10 * time.Minute, RetryAfter: 2 * time.Hour}, "Retry-After 2h"},
		{"backoff", scheduleInput{Base: 10 * time.Minute, Failures: 3}, "backoff after 3 failures"},
		{"retry-after on a 503", scheduleInput{Base: 10 * time.Minute, Failures: 1, RetryAfter: 3 * time.Hour},
			"Retry-After 3h (the server asked)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.Now = now
			at, why := nextFetchWhy(tc.in)
			if why != tc.want {
				t.Errorf("why = %q, want %q", why, tc.want)
			}
			if !at.Equal(nextFetch(tc.in)) {
				t.Errorf("nextFetchWhy time %v differs from nextFetch %v", at, nextFetch(tc.in))
			}
		})
	}
}
