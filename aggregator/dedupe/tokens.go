package dedupe

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// text is a story cut into comparable words plus the facts it states.
type text struct {
	words    []string // normalized words, stop words and credits removed
	numbers  []string // figures in order of first appearance, deduplicated
	entities []string // capitalized names, lower-cased, deduplicated
}

// rawToken is one run of letters or digits as written.
type rawToken struct {
	s        string
	numeric  bool
	capital  bool // starts with an upper-case letter
	sentence bool // first word of a sentence or paragraph
}

// analyze normalizes s and returns its words and facts.
func analyze(s string) text {
	s = strings.ReplaceAll(s, "US$", "$")
	var t text
	seenNum := map[string]bool{}
	seenEnt := map[string]bool{}
	raws := scan(s)
	for i := 0; i < len(raws); i++ {
		r := raws[i]
		low := strings.ToLower(r.s)
		if r.numeric {
			num, unit := splitNumber(low)
			if !seenNum[num] {
				seenNum[num] = true
				t.numbers = append(t.numbers, num)
			}
			t.words = append(t.words, num)
			if w, ok := unitWords[unit]; ok {
				t.words = append(t.words, w...)
			} else if unit != "" && !ordinalSuffix[unit] {
				t.words = append(t.words, mapWord(unit)...)
			}
			continue
		}
		words := mapWord(low)
		if i+1 < len(raws) {
			if w, ok := pairWords[low+" "+strings.ToLower(raws[i+1].s)]; ok {
				low, words = w, []string{w}
				i++
			}
		}
		if r.capital && !r.sentence && len(words) == 1 {
			if e := words[0]; utf8.RuneCountInString(e) > 1 && !capitalStop[e] && !seenEnt[e] {
				seenEnt[e] = true
				t.entities = append(t.entities, e)
			}
		}
		t.words = append(t.words, words...)
	}
	return t
}

// scan splits s into runs of letters and digits. Apostrophes inside a word
// are dropped (a possessive "'s" with them), thousands separators inside a
// figure are dropped, dotted initialisms ("U.S.", "a.m.") are joined so
// that house styles with and without dots agree, and "%" becomes the word
// "percent".
func scan(s string) []rawToken {
	var out []rawToken
	var b strings.Builder
	sentence := true
	numeric := false
	initials := false // the word so far is dotted initials
	flush := func() {
		if b.Len() == 0 {
			return
		}
		w := b.String()
		first, _ := utf8.DecodeRuneInString(w)
		out = append(out, rawToken{s: w, numeric: numeric, capital: unicode.IsUpper(first), sentence: sentence})
		sentence = false
		b.Reset()
	}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			if b.Len() == 0 {
				numeric = unicode.IsDigit(c)
			}
			b.WriteRune(c)
		case isApostrophe(c) && b.Len() > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i+1]):
			if (rs[i+1] == 's' || rs[i+1] == 'S') && (i+2 == len(rs) || !unicode.IsLetter(rs[i+2])) {
				i++ // possessive
			}
		case c == '.' && !numeric && i+1 < len(rs) && unicode.IsLetter(rs[i+1]) &&
			(initials || utf8.RuneCountInString(b.String()) == 1) &&
			(i+2 == len(rs) || rs[i+2] == '.'):
			initials = true // "U.S": keep reading the same word
		case (c == ',' || c == '.' || c == ':') && numeric && b.Len() > 0 &&
			i+1 < len(rs) && unicode.IsDigit(rs[i+1]) && unicode.IsDigit(rs[i-1]):
			if c != ',' {
				b.WriteRune(c)
			}
		default:
			word := b.String()
			flush()
			if c == '%' {
				out = append(out, rawToken{s: "percent"})
			}
			if c == '.' || c == '!' || c == '?' || c == '\n' {
				sentence = !initials && !titleAbbrev[strings.ToLower(word)] || c == '\n'
			}
			initials = false
		}
	}
	flush()
	return out
}

func isApostrophe(c rune) bool {
	return c == '\'' || c == '’' || c == 'ʼ' || c == '‘'
}

// splitNumber cuts "5m" into "5" and "m", "25th" into "25" and "th".
func splitNumber(s string) (num, unit string) {
	for i, c := range s {
		if unicode.IsLetter(c) {
			return s[:i], s[i:]
		}
	}
	return s, ""
}

// mapWord applies house-style folding and drops stop words and credits.
func mapWord(w string) []string {
	if stopWords[w] || creditWords[w] || dropWords[w] {
		return nil
	}
	if m, ok := wordMap[w]; ok {
		return m
	}
	return []string{w}
}
