package region

import (
	"testing"
	"unicode/utf8"
)

// FuzzDetect feeds arbitrary titles and bodies (upstream text) to Detect:
// it must not panic, and every country it returns must have a region.
func FuzzDetect(f *testing.F) {
	seeds := [][2]string{
		{"Israeli strikes hit Lebanon", "BEIRUT, Nov 25 (Reuters) - Israeli strikes hit southern Lebanon."},
		{"", "GAZA CITY, Gaza Strip (AP) — Aid arrived."},
		{"U.S.", "U.S.-led coalition's Côte d'Ivoire N'Djamena St. Petersburg"},
		{"Michael B. Jordan", "By Jordan\nJordan's. Jordan, Pa. ATHENS, Ga. —"},
		{"'s", "'s ’s . - — , ,, Guinea-Bissau-"},
		{"\xff\xfe", "A.B.C.D. e.f. \u00a0\u2019s"},
		{"TURKEY", "Turkey Thanksgiving turkeys roast dinner gravy"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	d := New()
	f.Fuzz(func(t *testing.T, title, body string) {
		r := d.Detect(title, body)
		for _, c := range r.Countries {
			if RegionOf(c) == "" {
				t.Errorf("country %q has no region", c)
			}
		}
		if len(r.Regions) > len(r.Countries) {
			t.Errorf("regions %v outnumber countries %v", r.Regions, r.Countries)
		}
		for _, p := range r.Places {
			if !utf8.ValidString(p) {
				t.Errorf("invalid UTF-8 in place %q", p)
			}
		}
	})
}
