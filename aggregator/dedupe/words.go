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

// wordRef is a normalized word as the shingles and facts see it.
type wordRef struct {
	hash   uint64 // fnv64 of the word
	entity bool   // may be a name: more than one rune and not in capitalStop
}

// pairRef folds a two-word variant: after the first word, second gives word.
type pairRef struct {
	second string
	word   wordRef
}

// lexEntry is what the word tables say about one word.
type lexEntry struct {
	word        string
	drop        bool      // a stop word, credit or currency/corporate word
	fold        []wordRef // the house-style spelling, if any
	pairs       []pairRef // two-word variants starting with this word
	capitalStop bool      // capitalized but not a name
	unit        []wordRef // the words of this unit glued to a figure
	ordinal     bool      // an ordinal suffix glued to a figure
}

// lexTable finds the entry of a word by its fnv64 hash, which the caller
// computes anyway for the shingles: one probe instead of a string map.
type lexTable struct {
	slots   []lexSlot // open addressing
	entries []lexEntry
}

// lexSlot is one slot of a lexTable: the hash of its word, so that a probe
// compares strings only when the hashes agree, and index+1 into entries
// (0 for a free slot).
type lexSlot struct {
	hash uint64
	idx  int32
}

// lookup returns the entry of w, whose fnv64 hash is h, or nil.
func (t *lexTable) lookup(h uint64, w []byte) *lexEntry {
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := t.slots[i]
		if sl.idx == 0 {
			return nil
		}
		if sl.hash == h {
			if e := &t.entries[sl.idx-1]; e.word == string(w) {
				return e
			}
		}
	}
}

// entry returns the entry of w, adding an empty one when it is missing.
func (t *lexTable) entry(w string) *lexEntry {
	if e := t.lookup(fnv64(w), []byte(w)); e != nil {
		return e
	}
	if 2*(len(t.entries)+1) > len(t.slots) {
		old := t.entries
		t.slots, t.entries = make([]lexSlot, 2*len(t.slots)), nil
		for _, e := range old {
			*t.entry(e.word) = e
		}
	}
	mask := uint64(len(t.slots) - 1)
	h := fnv64(w)
	i := h & mask
	for t.slots[i].idx != 0 {
		i = (i + 1) & mask
	}
	t.entries = append(t.entries, lexEntry{word: w})
	t.slots[i] = lexSlot{hash: h, idx: int32(len(t.entries))}
	return &t.entries[len(t.entries)-1]
}

// makeLexicon merges every word table below into one lexTable.
func makeLexicon() *lexTable {
	t := &lexTable{slots: make([]lexSlot, 64)}
	ref := func(w string) wordRef {
		return wordRef{hash: fnv64(w), entity: len([]rune(w)) > 1 && !capitalStop[w]}
	}
	refs := func(ws []string) []wordRef {
		out := make([]wordRef, len(ws))
		for i, w := range ws {
			out[i] = ref(w)
		}
		return out
	}
	for _, set := range []map[string]bool{stopWords, creditWords, dropWords} {
		for w := range set {
			t.entry(w).drop = true
		}
	}
	for w := range capitalStop {
		t.entry(w).capitalStop = true
	}
	for w := range ordinalSuffix {
		t.entry(w).ordinal = true
	}
	for w, f := range wordMap {
		t.entry(w).fold = refs(f)
	}
	for w, f := range unitWords {
		t.entry(w).unit = refs(f)
	}
	for k, w := range pairWords {
		first, second, _ := strings.Cut(k, " ")
		e := t.entry(first)
		e.pairs = append(e.pairs, pairRef{second: second, word: ref(w)})
	}
	return t
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
		"qtr": {"quarter"}, "cts": {"cents"}, "revs": {"revenues"}, "govt": {"government"}, "intl": {"international"},
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
