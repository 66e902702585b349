package region

import (
	"slices"
	"testing"
)

func TestFindDateline(t *testing.T) {
	cases := []struct {
		name, body, rest string // rest is the text after the dateline; "" when none found
	}{
		{"reuters", "BEIRUT, Nov 25 (Reuters) - Israeli strikes hit.", "Israeli strikes hit."},
		{"afp em dash", "TEHRAN (AFP) — Iran said.", "Iran said."},
		{"ap place and region", "GAZA CITY, Gaza Strip (AP) — Aid arrived.", "Aid arrived."},
		{"ap state abbreviation", "LEBANON, Pa. (AP) — A fire.", "A fire."},
		{"mixed case with agency", "Beirut (AFP) - Lebanon said.", "Lebanon said."},
		{"mixed case place, place", "Beirut, Lebanon — The army said.", "The army said."},
		{"colon after capitals", "ISLAMABAD: Pakistan's army said.", "Pakistan's army said."},
		{"en dash", "KYIV, Ukraine (AP) – Drones hit.", "Drones hit."},
		{"double hyphen", "LONDON, March 3 (Reuters) -- Shares fell.", "Shares fell."},
		{"byline line first", "By Jane Doe\nMOSCOW (Reuters) - Russia said.", "Russia said."},
		{"no place", "Nov 25 (Reuters) - Shares fell.", "Shares fell."},
		{"prose with dash", "Hezbollah, the Iran-backed group — which fought Israel — said.", ""},
		{"prose with colon", "The minister said: we will act.", ""},
		{"dash too late", "The government said on Tuesday that it would raise taxes on banks and energy companies to fund a new defence budget that officials described as the biggest in decades - a move critics attacked.", ""},
		{"dash on second line", "Israel said on Monday\nBEIRUT - something", ""},
		{"dash ending the line", "SANTA CLARA, Calif., April 14 -\nShr 12 cts vs eight cts", "\nShr 12 cts vs eight cts"},
		{"prose ending in a dash", "The figures were revised on Monday, the office said -\nmore follows", ""},
		{"empty", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dl := findDateline(c.body)
			got := ""
			if dl.end > 0 {
				got = c.body[dl.end:]
				if len(got) > 0 && got[0] == ' ' {
					got = got[1:]
				}
			}
			if got != c.rest {
				t.Errorf("after dateline = %q, want %q", got, c.rest)
			}
		})
	}
}

// TestDatelineForms checks that the dateline's place counts with dateline
// weight and is reported as such.
func TestDatelineForms(t *testing.T) {
	d := New()
	cases := []struct {
		body, place string
		want        []string
	}{
		{"BEIRUT, Nov 25 (Reuters) - The army said it deployed.", "Beirut (LB, dateline)", []string{"LB"}},
		{"TEHRAN (AFP) — Officials said prices rose.", "Tehran (IR, dateline)", []string{"IR"}},
		{"GAZA CITY, Gaza Strip (AP) — Aid trucks arrived.", "Gaza City (PS, dateline)", []string{"PS"}},
		{"Kabul (AFP) - The Taliban said.", "Kabul (AF, dateline)", []string{"AF"}},
		{"NEW DELHI, Jan 5 (Reuters) - Shares rose.", "New Delhi (IN, dateline)", []string{"IN"}},
		{"SAO PAULO, Brazil, March 4 (Reuters) - Shares rose.", "Sao Paulo (BR, dateline)", []string{"BR"}},
		{"WASHINGTON, D.C. (AP) — Congress adjourned.", "D.C. (US, dateline)", []string{"US"}},
		{"LONDON/PARIS, March 3 (Reuters) - Shares fell.", "London (GB, dateline)", []string{"GB", "FR"}},
		{"UNITED NATIONS (AP) — The Security Council met.", "", nil},
		{"By Jordan Smith\nAMMAN (Reuters) - Officials said.", "Amman (JO, dateline)", []string{"JO"}},
		// North American agency datelines: the town, the state or
		// province abbreviated, the date.
		{"SANTA CLARA, Calif., April 14 -\nShr 12 cts vs eight cts\nNet 2,130,000 vs 1,410,000", "Calif. (US, dateline)", []string{"US"}},
		{"WHEELING, W. Va., March 2 - First Valley Bancorp said its board approved a split.", "W.Va. (US, dateline)", []string{"US"}},
		{"PRINCETON, N.J., March 9 - The company said it would close a plant.", "N.J. (US, dateline)", []string{"US"}},
		{"WATERLOO, Ont., March 4 - Norcan Mines Ltd said it raised its stake.", "Ont. (CA, dateline)", []string{"CA"}},
		{"CAMBRIDGE, Mass., March 17 - Alden Pharmaceutical said the FDA approved its drug.", "Mass. (US, dateline)", []string{"US"}},
		{"LONDON, Ont., March 5 - A carmaker said it would add a shift.", "Ont. (CA, dateline)", []string{"CA"}},
		{"PEORIA, March 5 - Midwest Grain Processors said it would expand.", "Peoria (US, dateline)", []string{"US"}},
		{"MISSISSAUGA, March 5 - A drugmaker said it would expand.", "Mississauga (CA, dateline)", []string{"CA"}},
	}
	for _, c := range cases {
		t.Run(c.place, func(t *testing.T) {
			r := d.Detect("Update", c.body)
			if !slices.Equal(r.Countries, c.want) {
				t.Errorf("Countries = %v, want %v (places %v)", r.Countries, c.want, r.Places)
			}
			if c.place != "" && !slices.Contains(r.Places, c.place) {
				t.Errorf("Places = %v, missing %q", r.Places, c.place)
			}
		})
	}
}

func TestDatelineOutweighsPassingMention(t *testing.T) {
	r := New().Detect("Central bank holds rates",
		"NAIROBI (Reuters) - The central bank held its key rate on Tuesday.\nOfficials had met investors in London last month.")
	if !slices.Equal(r.Countries, []string{"KE"}) {
		t.Errorf("Countries = %v, want [KE] (places %v)", r.Countries, r.Places)
	}
}

func TestDatelineBureauOnly(t *testing.T) {
	r := New().Detect("Iran executes man convicted of spying",
		"DUBAI (Reuters) - Iran executed a man on Sunday, the judiciary said. Iranian courts convicted him in Isfahan.")
	if !slices.Equal(r.Countries, []string{"IR", "AE"}) || !slices.Equal(r.DatelineOnly, []string{"AE"}) {
		t.Errorf("Countries = %v, DatelineOnly = %v, want [IR AE] and [AE]: agencies code the dateline's country too", r.Countries, r.DatelineOnly)
	}
	if c, reg := r.Subject(); !slices.Equal(c, []string{"IR"}) || !slices.Equal(reg, []string{MiddleEast}) {
		t.Errorf("Subject() = %v %v, want [IR] [middle-east]: a bureau dateline alone does not make the story about the UAE", c, reg)
	}
}
