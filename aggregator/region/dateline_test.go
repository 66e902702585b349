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
	if !slices.Equal(r.Countries, []string{"IR"}) {
		t.Errorf("Countries = %v, want [IR]: a bureau dateline alone does not make the story about the UAE", r.Countries)
	}
}
