package clock

import (
	"testing"
	"time"
)

func TestNowCarriesSkew(t *testing.T) {
	before := time.Now().Add(Skew())
	got := Now()
	after := time.Now().Add(Skew())
	if got.Before(before) || got.After(after) {
		t.Fatalf("Now() = %v, want between %v and %v (skew %v)", got, before, after, Skew())
	}
	if d := Since(got); d < 0 || d > time.Minute {
		t.Fatalf("Since(Now()) = %v, want small and non-negative", d)
	}
	if d := Until(got.Add(time.Hour)); d <= 0 || d > time.Hour {
		t.Fatalf("Until(Now()+1h) = %v, want in (0, 1h]", d)
	}
}
