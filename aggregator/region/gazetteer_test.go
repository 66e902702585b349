package region

import (
	"slices"
	"sort"
	"strings"
	"testing"
)

// unMembers are the 193 UN member states (ISO 3166-1 alpha-2).
const unMembers = `AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN
BG BF BI CV KH CM CA CF TD CL CN CO KM CG CD CR CI HR CU CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ
ET FJ FI FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI
KP KR KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MD MC MN ME MA MZ MM NA
NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA RO RU RW KN LC VC WS SM ST SA SN RS
SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG TO TT TN TR TM TV UG UA AE GB US
UY UZ VU VE VN YE ZM ZW`

func TestCoverage(t *testing.T) {
	codes := strings.Fields(unMembers)
	if len(codes) != 193 {
		t.Fatalf("unMembers lists %d codes, want 193", len(codes))
	}
	codes = append(codes, "PS", "XK", "TW", "HK", "EH", "VA")
	d := New()
	for _, code := range codes {
		t.Run(code, func(t *testing.T) {
			if RegionOf(code) == "" {
				t.Fatalf("RegionOf(%s) is empty", code)
			}
			name := ""
			for _, e := range d.g.entries {
				if e.kind == kindName && len(e.cands) > 0 && d.g.codes[e.cands[0]] == code {
					name = e.canon
					break
				}
			}
			if name == "" {
				t.Fatalf("no country name for %s", code)
			}
			if got := d.Detect(name+" in focus", "").Countries; !slices.Equal(got, []string{code}) {
				t.Errorf("Detect(%q) = %v, want [%s]", name, got, code)
			}
		})
	}
}

func TestRegionOf(t *testing.T) {
	middleEast := strings.Fields("BH CY EG IR IQ IL JO KW LB OM PS QA SA SY TR AE YE")
	var got []string
	for code, r := range regionTable() {
		if r == MiddleEast {
			got = append(got, code)
		}
	}
	sort.Strings(got)
	sort.Strings(middleEast)
	if !slices.Equal(got, middleEast) {
		t.Errorf("middle-east = %v, want %v", got, middleEast)
	}
	cases := map[string]string{
		"EG": MiddleEast, "lb": MiddleEast, "SD": Africa, "LY": Africa, "EH": Africa,
		"AF": AsiaPacific, "KZ": AsiaPacific, "HK": AsiaPacific, "TW": AsiaPacific, "AU": AsiaPacific,
		"RU": Europe, "UA": Europe, "XK": Europe, "GE": Europe, "GB": Europe,
		"US": Americas, "BR": Americas, "JM": Americas, "GL": Americas, "ZZ": "", "": "",
	}
	for code, want := range cases {
		if got := RegionOf(code); got != want {
			t.Errorf("RegionOf(%q) = %q, want %q", code, got, want)
		}
	}
}

// TestAmbiguousEntries guards against accidental duplicates: only these
// phrases may name more than one country.
func TestAmbiguousEntries(t *testing.T) {
	want := []string{"Congo", "Congolese", "Georgia", "Hyderabad", "Kashmir", "Punjab", "Tripoli"}
	var got []string
	for _, e := range New().g.entries {
		if e.kind != kindCue && len(e.cands) > 1 {
			got = append(got, e.canon)
		}
	}
	sort.Strings(got)
	if !slices.Equal(got, want) {
		t.Errorf("ambiguous entries = %v, want %v", got, want)
	}
}

// TestStopPhrases checks that every stop phrase alone yields no country,
// i.e. none collides with a real name.
func TestStopPhrases(t *testing.T) {
	d := New()
	for _, p := range phrases(stopData) {
		if got := d.Detect(p, p+" again."); len(got.Countries) != 0 {
			t.Errorf("stop phrase %q -> %v", p, got.Countries)
		}
	}
}

func TestDemonymsAndCities(t *testing.T) {
	d := New()
	cases := map[string]string{
		"Lebanese": "LB", "Iranian": "IR", "Emirati": "AE", "Saudi": "SA", "Israeli": "IL",
		"Palestinian": "PS", "Syrian": "SY", "Ukrainian": "UA", "Russian": "RU", "Chinese": "CN",
		"Syrians": "SY", "Gaza": "PS", "West Bank": "PS", "Ramallah": "PS", "Tel Aviv": "IL",
		"Jerusalem": "IL", "Dubai": "AE", "Abu Dhabi": "AE", "Aleppo": "SY", "Damascus": "SY",
		"Kyiv": "UA", "Kharkiv": "UA", "Côte d'Ivoire": "CI", "Cote d'Ivoire": "CI",
		"Bogotá": "CO", "São Paulo": "BR", "N'Djamena": "TD", "St. Petersburg": "RU",
		"U.S.": "US", "UAE": "AE", "DRC": "CD", "Kinshasa": "CD", "Brazzaville": "CG",
		"Hezbollah": "LB", "Houthis": "YE", "Kremlin": "RU", "Texas": "US", "Chicago": "US",
		"Taipei": "TW", "Kowloon": "HK", "Pristina": "XK", "Laayoune": "EH", "Nuuk": "GL",
		// Names of the 1980s wires.
		"Soviet Union": "RU", "USSR": "RU", "Yugoslavia": "RS", "Czechoslovakia": "CZ",
		"Kampuchea": "KH", "Ceylon": "LK", "Upper Volta": "BF", "Peking": "CN", "Leningrad": "RU",
		// Head-office towns of agency datelines.
		"Armonk": "US", "Peoria": "US", "Mississauga": "CA",
	}
	for name, want := range cases {
		if got := d.Detect(name+" update", "").Countries; !slices.Equal(got, []string{want}) {
			t.Errorf("Detect(%q) = %v, want [%s]", name, got, want)
		}
	}
}
