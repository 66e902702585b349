package dedupe

import "testing"

// TestShortItemsByHeadline: two carriers of one short item merge on the
// folded headline and the figures even when the text was reworded;
// another company's table, the same market on another day, and a long
// story do not merge by headline.
func TestShortItemsByHeadline(t *testing.T) {
	const (
		title = "HARTWELL FOODS <HFX> SETS QUARTERLY DIVIDEND"
		body  = "MINNEAPOLIS, Minn., Jan 4 - Hartwell Foods Inc said its board declared a quarterly dividend of 20 cts a share, " +
			"up from 9 cts, payable April 28 to holders of record March 30.\nThe company said the increase reflected higher earnings in the services business.\nReuter"
		reworded = "MINNEAPOLIS, Minn., Jan 4 (Cape Press) - Hartwell Foods raised its quarterly payout to 20 cents a share from 9 cents. " +
			"The dividend will be paid on April 28 to shareholders on record as of March 30, the company said, citing stronger services earnings."
	)
	m := NewMatcher(0)
	base := Sign(title, body)
	tests := []struct {
		name, title, body string
		want              bool
	}{
		{"reworded copy in title case, spelled-out figures", "Hartwell Foods <hfx> Sets Quarterly Dividend", reworded, true},
		{"without the ticker", "Hartwell Foods Sets Quarterly Dividend", reworded, true},
		{"another company", "CORWIN INDUSTRIES <CIX> SETS QUARTERLY DIVIDEND",
			"GREENWICH, Conn., Jan 4 - Corwin Industries raised its quarterly payout to 20 cents a share from 9 cents. " +
				"The dividend will be paid on April 28 to shareholders on record as of March 30.", false},
		{"same headline, other figures", title,
			"MINNEAPOLIS, Minn., April 4 - Hartwell Foods raised its quarterly payout to 24 cents a share from 20 cents. " +
				"The dividend will be paid on July 28 to shareholders on record as of June 30.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			other := Sign(tt.title, tt.body)
			sc := m.Decide(title, tt.title, base, other)
			if sc.Duplicate != tt.want {
				t.Errorf("Decide = %+v, want duplicate %v", sc, tt.want)
			}
			if tt.want && sc.Reason != "same headline and figures" {
				t.Errorf("merged by %q; this pair tests the headline rule", sc.Reason)
			}
			if tt.want && !sharesBand(base, other) {
				t.Error("no shared band: the index would never offer the copy")
			}
		})
	}
	long := Sign(title, longStory(400))
	if long.headline != 0 {
		t.Error("a long story got a headline key")
	}
}

func sharesBand(a, b Signature) bool {
	for _, x := range a.Bands {
		for _, y := range b.Bands {
			if x == y {
				return true
			}
		}
	}
	return false
}
