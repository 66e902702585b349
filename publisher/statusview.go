package publisher

import (
	"fmt"
	"html/template"
	"net/url"
	"time"
)

// statusFuncs are the status page's template helpers: times relative to
// the moment the page was generated, compact enough for a table cell, and
// links only where a browser can follow them.
var statusFuncs = template.FuncMap{
	"relTime": relTime,
	"webURL":  webURL,
}

// relTime describes an optional instant relative to now for the status
// table: "5m ago", "in 2h 12m", "now", or "—" for none.
func relTime(v any, now time.Time) string {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case *time.Time:
		if x != nil {
			t = *x
		}
	}
	if t.IsZero() {
		return "—"
	}
	d := t.Sub(now)
	switch {
	case d > -time.Second && d < time.Second:
		return "now"
	case d > 0:
		return "in " + compactDuration(d)
	}
	return compactDuration(-d) + " ago"
}

// compactDuration prints d in at most two units: "45s", "12m", "2h 12m",
// "3d 4h".
func compactDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 24*time.Hour:
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 {
			return fmt.Sprintf("%dh", h)
		}
		return fmt.Sprintf("%dh %dm", h, m)
	}
	days, h := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	if h == 0 {
		return fmt.Sprintf("%dd", days)
	}
	return fmt.Sprintf("%dd %dh", days, h)
}

// webURL returns u when a browser can open it (http or https) and "" for
// anything else, such as a file:// drop folder, which the page shows as
// text: html/template would otherwise replace it with "#ZgotmplZ".
func webURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") {
		return ""
	}
	return u
}
