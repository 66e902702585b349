// Package clock is wiredesk's one reading of the wall clock.
//
// Production code that needs "now" takes a func() time.Time from its caller
// and defaults it to Now; tests inject their own. In an ordinary build Now is
// time.Now. Built with the tag clockskew, Now is shifted by the duration in
// WIREDESK_CLOCK_SKEW (e.g. 8760h or -8760h): .ci/run runs the whole test
// suite a second and a third time that way, a year ahead and a year behind,
// to prove that no test's outcome depends on today's date.
package clock

import "time"

// Now returns the current time, shifted by Skew in a clockskew build.
func Now() time.Time { return time.Now().Add(skew()) }

// Since is Now().Sub(t), the skew-aware time.Since.
func Since(t time.Time) time.Duration { return Now().Sub(t) }

// Until is t.Sub(Now()), the skew-aware time.Until.
func Until(t time.Time) time.Duration { return t.Sub(Now()) }

// Skew is the shift applied to Now: zero unless built with the clockskew tag.
func Skew() time.Duration { return skew() }
