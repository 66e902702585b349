package fetch

import (
	"net/http"
	"testing"
	"time"
)

var schedNow = time.Date(2025, time.March, 4, 12, 0, 0, 0, time.UTC)

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
