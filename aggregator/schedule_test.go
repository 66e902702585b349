package aggregator

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

var schedNow = time.Date(2025, time.March, 4, 12, 0, 0, 0, time.UTC)

func fixedRand(v float64) func() float64 { return func() float64 { return v } }

func TestNextFetchSuccess(t *testing.T) {
	const base = 10 * time.Minute
	tests := []struct {
		name string
		in   ScheduleInput
		want time.Duration
	}{
		{"base, no hints", ScheduleInput{}, base},
		{"pinned", ScheduleInput{Pinned: 3 * time.Minute}, 3 * time.Minute},
		{"pinned beyond a day", ScheduleInput{Pinned: 48 * time.Hour}, 48 * time.Hour},
		{"busy source stays at base", ScheduleInput{MeanGap: 2 * time.Minute}, base},
		{"slow source lengthens", ScheduleInput{MeanGap: 3 * time.Hour}, 90 * time.Minute},
		{"adaptive capped at a day", ScheduleInput{MeanGap: 30 * 24 * time.Hour}, 24 * time.Hour},
		{"max-age lengthens", ScheduleInput{FreshFor: time.Hour}, time.Hour},
		{"max-age never shortens", ScheduleInput{FreshFor: time.Minute}, base},
		{"ttl lengthens", ScheduleInput{FeedTTL: 45 * time.Minute}, 45 * time.Minute},
		{"hint capped at a day", ScheduleInput{FeedTTL: 7 * 24 * time.Hour}, 24 * time.Hour},
		{"retry-after on success", ScheduleInput{RetryAfter: 2 * time.Hour}, 2 * time.Hour},
		{"largest hint wins", ScheduleInput{FreshFor: time.Hour, FeedTTL: 2 * time.Hour, MeanGap: time.Hour}, 2 * time.Hour},
		{"hints beat pinned", ScheduleInput{Pinned: 5 * time.Minute, FeedTTL: time.Hour}, time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.Now, in.Base = schedNow, base
			if got := NextFetch(in).Sub(schedNow); got != tc.want {
				t.Errorf("interval = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestNextFetchJitter(t *testing.T) {
	in := ScheduleInput{Now: schedNow, Base: time.Hour}
	for _, tc := range []struct {
		r    float64
		want time.Duration
	}{{0, 54 * time.Minute}, {0.5, time.Hour}, {0.999999, 66 * time.Minute}} {
		in.Rand = fixedRand(tc.r)
		got := NextFetch(in).Sub(schedNow)
		if got < tc.want-time.Second || got > tc.want {
			t.Errorf("rand %v: interval %v, want about %v", tc.r, got, tc.want)
		}
	}
	in.Rand, in.RetryAfter = fixedRand(0), time.Hour
	if got := NextFetch(in).Sub(schedNow); got != time.Hour {
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
			in := ScheduleInput{Now: schedNow, Base: base, Failures: tc.failures}
			in.Rand = fixedRand(0)
			if got := NextFetch(in).Sub(schedNow); got != tc.upper/2 {
				t.Errorf("rand 0: %v, want %v", got, tc.upper/2)
			}
			in.Rand = fixedRand(0.999999)
			if got := NextFetch(in).Sub(schedNow); got <= tc.upper/2 || got > tc.upper {
				t.Errorf("rand ~1: %v, want in (%v, %v]", got, tc.upper/2, tc.upper)
			}
		})
	}
	t.Run("retry-after floor", func(t *testing.T) {
		in := ScheduleInput{Now: schedNow, Base: base, Failures: 1, RetryAfter: 3 * time.Hour}
		if got := NextFetch(in).Sub(schedNow); got != 3*time.Hour {
			t.Errorf("got %v, want Retry-After 3h", got)
		}
		in.RetryAfter = 30 * 24 * time.Hour
		if got := NextFetch(in).Sub(schedNow); got != 24*time.Hour {
			t.Errorf("got %v, want Retry-After capped at 24h", got)
		}
	})
	t.Run("reset after success", func(t *testing.T) {
		in := ScheduleInput{Now: schedNow, Base: base, Failures: 9}
		if got := NextFetch(in).Sub(schedNow); got < time.Hour {
			t.Fatalf("9 failures: %v", got)
		}
		in.Failures = 0
		if got := NextFetch(in).Sub(schedNow); got != base {
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
			if got := MeanGap(tc.times); got != tc.want {
				t.Errorf("MeanGap = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRetryAfterHeader(t *testing.T) {
	date := schedNow.Format(http.TimeFormat)
	tests := []struct {
		name  string
		value string
		date  string
		want  time.Duration
	}{
		{"absent", "", "", 0},
		{"seconds", "120", "", 2 * time.Minute},
		{"zero", "0", "", 0},
		{"spaces", "  30 ", "", 30 * time.Second},
		{"negative", "-5", "", 0},
		{"fraction", "1.5", "", 0},
		{"garbage", "soon", "", 0},
		{"huge", "99999999999999999999999", "", maxHeaderDelta},
		{"imf date vs now", schedNow.Add(time.Hour).Format(http.TimeFormat), "", time.Hour},
		{"rfc850 date", schedNow.Add(time.Hour).Format(time.RFC850), "", time.Hour},
		{"asctime date", schedNow.Add(time.Hour).Format(time.ANSIC), "", time.Hour},
		{"date vs Date field", schedNow.Add(3 * time.Hour).Format(http.TimeFormat), schedNow.Add(time.Hour).Format(http.TimeFormat), 2 * time.Hour},
		{"past date", schedNow.Add(-time.Hour).Format(http.TimeFormat), date, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.value != "" {
				h.Set("Retry-After", tc.value)
			}
			if tc.date != "" {
				h.Set("Date", tc.date)
			}
			if got := retryAfter(h, schedNow); got != tc.want {
				t.Errorf("retryAfter(%q) = %v, want %v", tc.value, got, tc.want)
			}
		})
	}
}

func TestFreshness(t *testing.T) {
	date := schedNow.Format(http.TimeFormat)
	in := func(d time.Duration) string { return schedNow.Add(d).Format(http.TimeFormat) }
	tests := []struct {
		name          string
		cc            []string
		expires, date string
		age           string
		want          time.Duration
	}{
		{"nothing", nil, "", "", "", 0},
		{"max-age", []string{"public, max-age=600"}, "", "", "", 10 * time.Minute},
		{"case and spaces", []string{" Max-Age = 60 "}, "", "", "", time.Minute},
		{"quoted", []string{`max-age="60"`}, "", "", "", time.Minute},
		{"s-maxage ignored", []string{"s-maxage=900"}, "", "", "", 0},
		{"s-maxage beside max-age", []string{"s-maxage=900, max-age=60"}, "", "", "", time.Minute},
		{"no-cache", []string{"max-age=600, no-cache"}, "", "", "", 0},
		{"qualified no-cache", []string{`no-cache="Set-Cookie", max-age=60`}, "", "", "", time.Minute},
		{"no-store", []string{"no-store"}, in(time.Hour), date, "", 0},
		{"first max-age wins", []string{"max-age=60", "max-age=600"}, "", "", "", time.Minute},
		{"invalid max-age is stale", []string{"max-age=-1"}, in(time.Hour), date, "", 0},
		{"max-age beats expires", []string{"max-age=60"}, in(time.Hour), date, "", time.Minute},
		{"expires minus date", nil, in(2 * time.Hour), in(time.Hour), "", time.Hour},
		{"expires minus now", nil, in(time.Hour), "", "", time.Hour},
		{"expires 0", nil, "0", date, "", 0},
		{"expires past", nil, in(-time.Hour), date, "", 0},
		{"age subtracted", []string{"max-age=600"}, "", "", "100", 500 * time.Second},
		{"age beyond lifetime", []string{"max-age=60"}, "", "", "600", 0},
		{"huge max-age", []string{"max-age=999999999999999999999"}, "", "", "", maxHeaderDelta},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			for _, v := range tc.cc {
				h.Add("Cache-Control", v)
			}
			for k, v := range map[string]string{"Expires": tc.expires, "Date": tc.date, "Age": tc.age} {
				if v != "" {
					h.Set(k, v)
				}
			}
			if got := freshness(h, schedNow); got != tc.want {
				t.Errorf("freshness = %v, want %v", got, tc.want)
			}
		})
	}
}

func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"120", "0", "", "Wed, 21 Oct 2015 07:28:00 GMT", "-1", "1e9", "99999999999999999999"} {
		f.Add(s, "Wed, 21 Oct 2015 07:28:00 GMT")
	}
	f.Fuzz(func(t *testing.T, v, date string) {
		h := http.Header{"Retry-After": {v}, "Date": {date}}
		got := retryAfter(h, schedNow)
		if got < 0 || got > maxHeaderDelta {
			t.Fatalf("retryAfter(%q, %q) = %v out of range", v, date, got)
		}
		if d, ok := deltaSeconds(v); ok && got != d {
			t.Fatalf("delta-seconds %q parsed to %v, then %v", v, d, got)
		}
		in := ScheduleInput{Now: schedNow, Base: time.Minute, Failures: len(v) % 4, RetryAfter: got, Rand: fixedRand(0.3)}
		if next := NextFetch(in); next.Before(schedNow) || next.After(schedNow.Add(maxInterval+maxInterval/10)) {
			t.Fatalf("NextFetch with RetryAfter %v = %v", got, next)
		}
	})
}

func FuzzCacheControl(f *testing.F) {
	for _, s := range []string{"max-age=60", "no-cache", `no-cache="x", max-age="5"`, "max-age=,", "MAX-AGE=1, s-maxage=2", ",,=,"} {
		f.Add(s, "Thu, 01 Jan 2026 00:00:00 GMT", "30")
	}
	f.Fuzz(func(t *testing.T, cc, expires, age string) {
		h := http.Header{"Cache-Control": {cc}, "Expires": {expires}, "Age": {age}}
		got := freshness(h, schedNow)
		if got < 0 || got > maxHeaderDelta {
			t.Fatalf("freshness(%q, %q, %q) = %v out of range", cc, expires, age, got)
		}
	})
}

// TestNextFetchWhy: the reason names whatever set the delay.
func TestNextFetchWhy(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		in   ScheduleInput
		want string
	}{
		{"interval", ScheduleInput{Base: 10 * time.Minute}, "fetch.interval: 10m"},
		{"pinned", ScheduleInput{Base: 10 * time.Minute, Pinned: 15 * time.Minute}, "the source's interval: 15m"},
		{"slow source", ScheduleInput{Base: time.Minute, MeanGap: 4*time.Hour + 24*time.Minute},
			"adaptive: a story every 4h24m on average"},
		{"rate unknown, short interval", ScheduleInput{Base: time.Minute}, "fetch.interval: 1m"},
		{"max-age", ScheduleInput{Base: 10 * time.Minute, FreshFor: time.Hour}, "upstream Cache-Control/Expires: fresh for 1h"},
		{"ttl", ScheduleInput{Base: 10 * time.Minute, FeedTTL: 30 * time.Minute}, "the feed's <ttl>: 30m"},
		{"retry-after on a 200", ScheduleInput{Base: 10 * time.Minute, RetryAfter: 2 * time.Hour}, "Retry-After 2h"},
		{"backoff", ScheduleInput{Base: 10 * time.Minute, Failures: 3}, "backoff after 3 failures"},
		{"retry-after on a 503", ScheduleInput{Base: 10 * time.Minute, Failures: 1, RetryAfter: 3 * time.Hour},
			"Retry-After 3h (the server asked)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.Now = now
			at, why := NextFetchWhy(tc.in)
			if why != tc.want {
				t.Errorf("why = %q, want %q", why, tc.want)
			}
			if !at.Equal(NextFetch(tc.in)) {
				t.Errorf("NextFetchWhy time %v differs from NextFetch %v", at, NextFetch(tc.in))
			}
		})
	}
}
