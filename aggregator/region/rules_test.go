package region

import (
	"slices"
	"strings"
	"testing"
)

// TestAmbiguityRules checks each disambiguation rule on a minimal story.
// want is the exact country list Detect must return.
func TestAmbiguityRules(t *testing.T) {
	d := New()
	cases := []struct {
		name, title, body string
		want              []string
	}{
		{"Georgia the US state by Atlanta and governor", "Georgia's governor signs budget",
			"ATLANTA (AP) — Georgia's governor signed the state budget on Friday.", []string{"US"}},
		{"Georgia the US state by Savannah", "Storm floods Georgia coast",
			"Flooding hit Savannah on Monday as the storm moved up the Georgia coast.", []string{"US"}},
		{"Georgia the country by Tbilisi", "Protests in Georgia",
			"TBILISI (Reuters) - Thousands protested in Georgia's capital against the government.", []string{"GE"}},
		{"Georgia the country by Georgian", "Georgia votes",
			"Georgians voted in a parliamentary election that Georgian opposition parties called unfair.", []string{"GE"}},
		{"Tbilisi, Georgia is the country", "Rally",
			"TBILISI, Georgia (AP) — Opposition supporters rallied.", []string{"GE"}},
		{"Athens, Georgia is the US", "Campus shooting",
			"ATHENS, Georgia (AP) — Police investigated a shooting in Athens.", []string{"US"}},
		{"Michael Jordan and Jordan said", "Jordan returns",
			"Michael Jordan played a charity game. Jordan said he felt good. Jordan laughed.", nil},
		{"Michael B. Jordan", "Film",
			"Michael B. Jordan stars in the film, which opens Friday. Jordan said he trained for months.", nil},
		{"Jordan the country", "Jordan's king meets Egyptian president",
			"AMMAN (Reuters) - Jordan's King Abdullah met the Egyptian president on Sunday. Jordan said the talks focused on Gaza.", []string{"JO", "EG"}},
		{"Jordan as a first name", "Far right leads",
			"Far-right leader Jordan Bardella led the polls in France, where Bardella's party hopes to win. France votes next year.", []string{"FR"}},
		{"Jordan Valley is Palestine", "Settlers",
			"Settlers attacked herders in the Jordan Valley on Monday, Palestinian officials said. The Jordan Valley is in the occupied West Bank.", []string{"PS"}},
		{"turkey the bird in lower case", "Prices fall",
			"A roast turkey costs less this year, and turkey sales are up.", nil},
		{"Thanksgiving Turkey at sentence start", "Turkey Prices Fall Ahead Of Thanksgiving",
			"Turkey prices fell this Thanksgiving as poultry flocks recovered. Turkey farmers were relieved.", nil},
		{"Turkey the country", "Turkey raises rates",
			"ANKARA (Reuters) - Turkey's central bank raised rates. Turkish inflation is high.", []string{"TR"}},
		{"Niger is not Nigeria", "Niger border",
			"NIAMEY (AFP) - Niger reopened its border. Nigerien traders welcomed the move.", []string{"NE"}},
		{"Nigeria is not Niger", "Nigeria inflation",
			"LAGOS (Reuters) - Nigeria's inflation slowed. Nigerian stocks rose.", []string{"NG"}},
		{"Niger Delta is Nigeria", "Pipeline attack",
			"Militants attacked a pipeline in the Niger Delta, the Nigerian army said.", []string{"NG"}},
		{"Guinea", "Guinea votes", "CONAKRY (Reuters) - Guinea voted in a referendum.", []string{"GN"}},
		{"Guinea-Bissau", "Coup in Guinea-Bissau", "BISSAU (Reuters) - Soldiers seized power in Guinea-Bissau.", []string{"GW"}},
		{"Guinea Bissau without hyphen", "Guinea Bissau election", "Voters in Guinea Bissau went to the polls.", []string{"GW"}},
		{"Equatorial Guinea", "Equatorial Guinea oil", "MALABO (AFP) - Equatorial Guinea signed an oil deal.", []string{"GQ"}},
		{"Papua New Guinea", "Papua New Guinea quake", "PORT MORESBY (AFP) - A quake hit Papua New Guinea.", []string{"PG"}},
		{"Gulf of Guinea is no country", "Piracy", "Pirates attacked a tanker in the Gulf of Guinea, a maritime agency said. The Gulf of Guinea is busy.", nil},
		{"DR Congo", "DR Congo fighting", "GOMA (Reuters) - Fighting in DR Congo displaced thousands.", []string{"CD"}},
		{"Democratic Republic of the Congo", "Talks", "The Democratic Republic of the Congo signed a deal.", []string{"CD"}},
		{"bare Congo defaults to DRC", "Congo mine", "Congo's mines ministry approved a cobalt deal.", []string{"CD"}},
		{"bare Congo with Brazzaville", "Congo vote", "BRAZZAVILLE (AFP) - Congo's president said he would run again. Congo votes in March.", []string{"CG"}},
		{"Republic of Congo", "Republic of Congo oil", "The Republic of Congo signed an LNG deal.", []string{"CG"}},
		{"Congo-Brazzaville", "Congo-Brazzaville", "Congo-Brazzaville's output fell.", []string{"CG"}},
		{"Washington the government", "Washington imposes sanctions",
			"WASHINGTON (Reuters) - Washington imposed sanctions on Venezuelan officials. Venezuela condemned them.", []string{"US", "VE"}},
		{"Washington state", "Wildfire", "SEATTLE (AP) — A wildfire in Washington state forced evacuations.", []string{"US"}},
		{"Denzel Washington is a person", "Film premiere", "Denzel Washington attended the premiere in London. Washington said he loved London, Britain's capital.", []string{"GB"}},
		{"Washington Post is a citation", "Report", "Pakistan's army denied a report in the Washington Post, Pakistani officials said. Pakistan said it was false.", []string{"PK"}},
		{"Chad the country", "Chad election", "N'DJAMENA (Reuters) - Chad held elections. Chadian opposition parties boycotted.", []string{"TD"}},
		{"Chad the first name", "Trial", "Chad Daybell was sentenced on Friday. Daybell showed no emotion.", nil},
		{"Mali the country", "Mali junta", "BAMAKO (Reuters) - Mali's junta dissolved parties. Malian politicians objected.", []string{"ML"}},
		{"Jersey the island", "Jersey vote", "ST HELIER, Jersey (Reuters) - Jersey voted to legalise assisted dying.", []string{"JE"}},
		{"New Jersey is the US", "New Jersey race", "The New Jersey governor's race was close.", []string{"US"}},
		{"jersey the shirt", "Tour", "He wore the yellow jersey for a third day.", nil},
		{"Paris, Texas", "Hailstorm", "PARIS, Texas (AP) — Hail smashed windows in Paris on Sunday.", []string{"US"}},
		{"Lebanon, Pennsylvania", "Plant fire", "LEBANON, Pa. (AP) — A fire hit a plant in Lebanon. Lebanon County officials opened a shelter.", []string{"US"}},
		{"Paris Hilton is a person", "Perfume", "Paris Hilton launched a perfume in Los Angeles.", []string{"US"}},
		{"Israel the given name", "Fighter wins", "Israel Adesanya won his fight in Perth, Australia. Adesanya thanked fans in Australia.", []string{"AU"}},
		{"Israel Katz the minister", "Buffer zones",
			"Israeli Defence Minister Israel Katz said Israel would keep troops in the buffer zone.", []string{"IL"}},
		{"South China Sea counts for China", "Collision",
			"MANILA (Reuters) - A Chinese ship rammed a Philippine vessel in the South China Sea, Philippine officials said.", []string{"PH", "CN"}},
		{"Indian Ocean is not India", "Resort islands",
			"MALE, Maldives (Reuters) - The Maldives offered resort islands in the Indian Ocean to investors.", []string{"MV"}},
		{"Turkish Airlines is weak", "Airline order", "Turkish Airlines ordered new jets from Airbus in Toulouse, France.", []string{"FR"}},
		{"passing mention in the body", "Lebanon army plan",
			"BEIRUT (AP) — Lebanon's army will control all weapons, Lebanese officials said, echoing comments made in Paris last week.", []string{"LB"}},
		{"Oslo-based is descriptive", "Executions",
			"Iran executed three men, the Oslo-based group Iran Human Rights said. Iranian courts convicted them.", []string{"IR"}},
		{"Jerusalem files under Israel", "Knesset vote", "JERUSALEM (Reuters) - The Knesset passed the budget.", []string{"IL"}},
		{"East Jerusalem files under Palestine", "Israel demolishes homes in East Jerusalem", "Israeli authorities demolished homes in East Jerusalem, Palestinian residents said. East Jerusalem residents protested.", []string{"PS", "IL"}},
		{"Hong Kong is its own code", "Hong Kong stocks", "HONG KONG (Reuters) - Hong Kong stocks rose.", []string{"HK"}},
		{"Kosovo", "Kosovo election", "PRISTINA (Reuters) - Kosovo held a snap election.", []string{"XK"}},
		{"Western Sahara", "Western Sahara vote", "The Polisario Front rejected the U.N. vote on Western Sahara.", []string{"EH"}},
		{"US state names file under US", "Storms", "Storms hit Texas, Oklahoma and Kansas on Monday.", []string{"US"}},
		{"Tripoli in Lebanon", "Clashes in Tripoli", "Clashes in the northern Lebanese city of Tripoli killed two, Lebanon's army said.", []string{"LB"}},
		{"a currency is not a place", "Australian dollar ends lower",
			"SYDNEY, March 18 - The Australian dollar ended at 0.6710 U.S. dlrs, dealers said. The U.S. dollar's strength weighed.", []string{"AU"}},
		{"U.S. as a market modifier abroad", "Dollar falls in Tokyo",
			"TOKYO, March 6 - The dollar fell on worries about the U.S. trade deficit and U.S. interest rates, dealers said.\nDealers expect U.S. trade figures to show a wider gap.", []string{"JP"}},
		{"U.S. as a market modifier at home stays", "Housing starts fall",
			"WASHINGTON, March 17 - U.S. housing starts fell and U.S. interest rates rose, the Commerce Department said.", []string{"US"}},
		{"U.S. as a partner abroad stays", "Carmaker in talks with U.S. partner",
			"TOKYO, March 10 - A Japanese carmaker is in talks with a U.S. partner on a joint plant in Ohio, officials said.", []string{"US", "JP"}},
		{"Soviet Union", "Soviet Union buys wheat", "MOSCOW, March 25 - The Soviet Union bought wheat, traders said.", []string{"RU"}},
		{"former Soviet republic is not Russia", "Protests in Georgia", "TBILISI (Reuters) - Protesters rallied in the former Soviet republic of Georgia.", []string{"GE"}},
		{"Tripoli defaults to Libya", "Clashes in Tripoli", "TRIPOLI (Reuters) - Armed groups clashed in the capital overnight.", []string{"LY"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := d.Detect(c.title, c.body)
			if !slices.Equal(r.Countries, c.want) {
				t.Errorf("Countries = %v, want %v (places %v)", r.Countries, c.want, r.Places)
			}
		})
	}
}

// TestDetectResult checks ordering, regions and the explanation.
func TestDetectResult(t *testing.T) {
	r := New().Detect("Israeli strikes hit Lebanon",
		"BEIRUT, Nov 25 (Reuters) - Israeli air strikes hit southern Lebanon on Tuesday, Lebanese officials said.\n"+
			"Hezbollah said it would respond.")
	if want := []string{"LB", "IL"}; !slices.Equal(r.Countries, want) {
		t.Errorf("Countries = %v, want %v", r.Countries, want)
	}
	if want := []string{MiddleEast}; !slices.Equal(r.Regions, want) {
		t.Errorf("Regions = %v, want %v", r.Regions, want)
	}
	for _, p := range []string{"Lebanon (LB, title)", "Beirut (LB, dateline)", "Hezbollah (LB, body)", "Israeli (IL, title)"} {
		if !slices.Contains(r.Places, p) {
			t.Errorf("Places = %v, missing %q", r.Places, p)
		}
	}
	if r.Places[0] != "Lebanon (LB, title)" {
		t.Errorf("Places[0] = %q, want the top country's heaviest mention first", r.Places[0])
	}
}

func TestSeveralRegions(t *testing.T) {
	r := New().Detect("Ukraine and U.S. envoys meet in Saudi Arabia",
		"JEDDAH, Saudi Arabia (Reuters) - Ukrainian and U.S. officials met in Jeddah on Tuesday. Ukraine agreed to a ceasefire proposal that Washington will take to Moscow. Saudi Arabia hosted the talks.")
	for _, reg := range []string{Europe, Americas, MiddleEast} {
		if !slices.Contains(r.Regions, reg) {
			t.Errorf("Regions = %v, missing %s (countries %v)", r.Regions, reg, r.Countries)
		}
	}
}

func TestEmptyInput(t *testing.T) {
	r := New().Detect("", "")
	if len(r.Countries)+len(r.Regions)+len(r.Places) != 0 {
		t.Errorf("Detect(\"\", \"\") = %+v, want empty", r)
	}
}

func TestDetectConcurrent(t *testing.T) {
	d := New()
	done := make(chan []string)
	for range 8 {
		go func() {
			var got []string
			for range 50 {
				got = d.Detect("Kenya election", "NAIROBI (Reuters) - Kenya votes. Kenyan officials said.").Countries
			}
			done <- got
		}()
	}
	for range 8 {
		if got := <-done; !slices.Equal(got, []string{"KE"}) {
			t.Errorf("concurrent Detect = %v, want [KE]", got)
		}
	}
}

func TestTokenize(t *testing.T) {
	cases := []struct {
		text  string
		keys  []string
		flags []uint8 // fUpper, fAllCaps, fPoss, fDotted of each token (other bits masked)
	}{
		{"U.S.-led Côte d'Ivoire", []string{"us", "led", "cote", "d", "ivoire"},
			[]uint8{fUpper | fAllCaps | fDotted, 0, fUpper, 0, fUpper}},
		{"Georgia's governor", []string{"georgia", "governor"}, []uint8{fUpper | fPoss, 0}},
		{"Jordan’s KING", []string{"jordan", "king"}, []uint8{fUpper | fPoss, fUpper | fAllCaps}},
		{"São Paulo M23", []string{"sao", "paulo", "m23"}, []uint8{fUpper, fUpper, fUpper}},
	}
	mask := fUpper | fAllCaps | fPoss | fDotted
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			var sc scratch
			sc.tokenize(c.text, zoneMap{base: zoneBody})
			if len(sc.toks) != len(c.keys) {
				t.Fatalf("%d tokens, want %d", len(sc.toks), len(c.keys))
			}
			for i := range sc.toks {
				if got := string(sc.key(i)); got != c.keys[i] {
					t.Errorf("token %d key %q, want %q", i, got, c.keys[i])
				}
				if got := sc.toks[i].flags & mask; got != c.flags[i] {
					t.Errorf("token %d (%s) flags %b, want %b", i, c.keys[i], got, c.flags[i])
				}
			}
		})
	}
}

func TestSeparators(t *testing.T) {
	var sc scratch
	sc.tokenize("Guinea-Bissau, St. Petersburg. Gaza\nCity", zoneMap{base: zoneBody})
	want := []uint8{sepOther, sepJoin, sepComma, sepAbbrev, sepOther, sepOther}
	for i, w := range want {
		if sc.toks[i].sep != w {
			t.Errorf("token %d (%s) sep %d, want %d", i, sc.key(i), sc.toks[i].sep, w)
		}
	}
	if sc.toks[4].flags&fSentStart == 0 || sc.toks[3].flags&fSentStart != 0 {
		t.Errorf("sentence starts wrong: %+v", sc.toks)
	}
}

func TestHugeInputIsBounded(t *testing.T) {
	body := "BEIRUT (Reuters) - Lebanon's army deployed.\n" + strings.Repeat("Nothing happened today. ", 50000) + "Kenya Kenya Kenya"
	r := New().Detect(strings.Repeat("Lebanon ", 1000), body)
	if len(r.Countries) == 0 || r.Countries[0] != "LB" || slices.Contains(r.Countries, "KE") {
		t.Errorf("Countries = %v, want LB first and nothing from beyond the size limit", r.Countries)
	}
}
