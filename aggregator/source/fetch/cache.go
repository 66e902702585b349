package fetch

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxHeaderDelta bounds any parsed header duration so arithmetic on it
// cannot overflow; RFC 9111 §1.2.2 likewise caps delta-seconds.
const maxHeaderDelta = 1 << 31 * time.Second

// retryAfter parses Retry-After (RFC 9110 §10.2.3): delay-seconds or an
// HTTP-date. A date is measured from the response's Date field when there
// is one, so a skewed local clock does not distort it, else from now.
// Missing, invalid or past values give 0.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if d, ok := deltaSeconds(v); ok {
		return d
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	return clampDelta(t.Sub(responseDate(h, now)))
}

// freshness is the remaining freshness lifetime of a response (RFC 9111
// §4.2): max-age (s-maxage is for shared caches, §5.2.2.10) else Expires
// minus Date, less the Age the response already has (§4.2.3). no-store and
// unqualified no-cache mean "revalidate every time" and give 0, as do
// invalid values, which §4.2.1 says to treat as stale.
func freshness(h http.Header, now time.Time) time.Duration {
	lifetime, ok := time.Duration(0), false
	for _, dir := range strings.Split(strings.Join(h.Values("Cache-Control"), ","), ",") {
		name, val, hasVal := strings.Cut(strings.TrimSpace(dir), "=")
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "no-store":
			return 0
		case "no-cache":
			if !hasVal {
				return 0
			}
		case "max-age":
			if ok {
				continue // the first occurrence wins (§4.2.1)
			}
			d, valid := deltaSeconds(strings.Trim(strings.TrimSpace(val), `"`))
			if !valid {
				return 0
			}
			lifetime, ok = d, true
		}
	}
	if !ok {
		exp := h.Get("Expires")
		if exp == "" {
			return 0
		}
		t, err := http.ParseTime(exp)
		if err != nil {
			return 0 // e.g. "Expires: 0" means already expired (§5.3)
		}
		lifetime = clampDelta(t.Sub(responseDate(h, now)))
	}
	age, _ := deltaSeconds(strings.TrimSpace(h.Get("Age")))
	return max(lifetime-age, 0)
}

// deltaSeconds parses 1*DIGIT (RFC 9110 §10.2.3, RFC 9111 §1.2.2), capping
// values too large to represent at 2^31 seconds.
func deltaSeconds(v string) (time.Duration, bool) {
	if v == "" || strings.TrimLeft(v, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil || n > math.MaxInt32 {
		return maxHeaderDelta, true
	}
	return time.Duration(n) * time.Second, true
}

// responseDate is the response's Date field (RFC 9110 §6.6.1), or now.
func responseDate(h http.Header, now time.Time) time.Time {
	if t, err := http.ParseTime(h.Get("Date")); err == nil {
		return t
	}
	return now
}

func clampDelta(d time.Duration) time.Duration {
	return min(max(d, 0), maxHeaderDelta)
}
