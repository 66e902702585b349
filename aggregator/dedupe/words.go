package dedupe

import "strings"

// set builds a lookup table from space-separated words.
func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// lexEntry is what the word tables say about one word.
type lexEntry struct {
	drop      bool     // a stop word, credit or currency/corporate word
	fold      []string // the house-style spelling, if any
	pairFirst bool     // the first word of a two-word variant
}

// makeLexicon merges stopWords, creditWords, dropWords, wordMap and the
// first words of pairWords.
func makeLexicon() map[string]lexEntry {
	m := map[string]lexEntry{}
	for _, set := range []map[string]bool{stopWords, creditWords, dropWords} {
		for w := range set {
			e := m[w]
			e.drop = true
			m[w] = e
		}
	}
	for w, f := range wordMap {
		e := m[w]
		e.fold = f
		m[w] = e
	}
	for k := range pairWords {
		first, _, _ := strings.Cut(k, " ")
		e := m[first]
		e.pairFirst = true
		m[first] = e
	}
	return m
}

// The tables below are read-only after package initialization.
var (
	// stopWords carry grammar, not content; dropping them makes shingles
	// robust to "said on Tuesday" / "said Tuesday" style edits.
	stopWords = set(`a an the of to in on at for by with from into onto and or nor but as
		is are was were be been being has have had having do does did that this these those
		it its he she they them their his her him we our you your i me my
		said says say saying told tells added adds according
		will would could should may might can must shall also than then there here
		which who whom whose what when where while about after before over under
		up down out off not no so if just very more most such other some any each`)

	// capitalStop are capitalized words that are not names.
	capitalStop = set(`monday tuesday wednesday thursday friday saturday sunday
		january february march april may june july august september october november december
		jan feb mar apr jun jul aug sep sept oct nov dec
		mr mrs ms dr gen col lt sgt sen rep gov prof st
		however meanwhile earlier later last next first yes`)

	// creditWords name carriers; who carried a story is not what it says.
	creditWords = set(`afp reuters ap dpa xinhua ansa efe anadolu upi bloomberg ians pti kyodo
		yonhap tass ria interfax wam spa kuna qna nna irna bernama antara aap
		agencies agence presse associated`)

	// dropWords are currency and corporate-form words that house styles add
	// or remove ("$5 mln" / "5 million dollars"; "Apple Inc" / "Apple").
	dropWords = set(`dollar dollars dlr dlrs usd inc corp co ltd plc llc sa ag nv`)

	// wordMap folds house-style variants to one spelling.
	wordMap = map[string][]string{
		"pct": {"percent"}, "pc": {"percent"}, "percentage": {"percent"},
		"mln": {"million"}, "mn": {"million"}, "bln": {"billion"}, "bn": {"billion"},
		"trln": {"trillion"}, "tln": {"trillion"}, "tn": {"trillion"},
		"yr": {"year"}, "yrs": {"years"}, "mth": {"month"}, "mths": {"months"},
		"qtr": {"quarter"}, "govt": {"government"}, "intl": {"international"},
		"natl": {"national"}, "dept": {"department"}, "mins": {"minutes"},
		"q1": {"first", "quarter"}, "q2": {"second", "quarter"},
		"q3": {"third", "quarter"}, "q4": {"fourth", "quarter"},
		"1st": {"first"}, "2nd": {"second"}, "3rd": {"third"}, "4th": {"fourth"},
		"jan": {"january"}, "feb": {"february"}, "mar": {"march"}, "apr": {"april"},
		"jun": {"june"}, "jul": {"july"}, "aug": {"august"}, "sep": {"september"},
		"sept": {"september"}, "oct": {"october"}, "nov": {"november"}, "dec": {"december"},
		"eur": {"euros"}, "euro": {"euros"}, "stg": {"pounds"}, "gbp": {"pounds"},
		"km": {"kilometres"}, "kms": {"kilometres"}, "kilometers": {"kilometres"},
		"kilometer": {"kilometres"}, "kilometre": {"kilometres"},
		"defence": {"defense"}, "labour": {"labor"}, "centre": {"center"},
		"programme": {"program"}, "organisation": {"organization"},
		"honour": {"honor"}, "favour": {"favor"}, "neighbouring": {"neighboring"},
		"usa": {"us"}, "america": {"us"}, "britain": {"uk"},
	}

	// pairWords fold two-word variants.
	pairWords = map[string]string{
		"per cent": "percent", "united states": "us", "united nations": "un",
		"united kingdom": "uk", "european union": "eu", "great britain": "uk",
	}

	// lexicon merges the word tables above and below for one lookup per
	// word.
	lexicon = makeLexicon()

	// unitWords expand a unit glued to a figure ("5m", "2bn", "30k").
	unitWords = map[string][]string{
		"m": {"million"}, "mn": {"million"}, "mln": {"million"},
		"b": {"billion"}, "bn": {"billion"}, "bln": {"billion"},
		"tn": {"trillion"}, "k": {"thousand"}, "pct": {"percent"},
		"km": {"kilometres"}, "c": {"celsius"},
	}

	// ordinalSuffix are dropped after a figure ("25th" is "25").
	ordinalSuffix = set(`st nd rd th`)

	// titleAbbrev end in a full stop that does not end a sentence.
	titleAbbrev = set(`mr mrs ms dr gen col lt sgt sen rep gov prof st no vs jan feb mar apr
		jun jul aug sep sept oct nov dec inc corp co ltd`)
)
