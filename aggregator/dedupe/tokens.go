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

// rawToken is one run of letters or digits, lower-cased.
type rawToken struct {
	s        string
	numeric  bool
	capital  bool // starts with an upper-case letter
	sentence bool // first word of a sentence or paragraph
}

// analyze normalizes s and returns its words and facts.
func analyze(s string) text {
	s = strings.ReplaceAll(s, "US$", "$")
	raws := scan(s)
	t := text{words: make([]string, 0, len(raws)+len(raws)/4)}
	var seenNum, seenEnt map[string]bool
	for i := 0; i < len(raws); i++ {
		r := raws[i]
		low := r.s
		if r.numeric {
			num, unit := splitNumber(low)
			if !seenNum[num] {
				if seenNum == nil {
					seenNum = map[string]bool{}
				}
				seenNum[num] = true
				t.numbers = append(t.numbers, num)
			}
			t.words = append(t.words, num)
			if w, ok := unitWords[unit]; ok {
				t.words = append(t.words, w...)
			} else if unit != "" && !ordinalSuffix[unit] {
				t.words = appendWord(t.words, unit)
			}
			continue
		}
		n := len(t.words)
		if w, ok := pairWord(raws, i); ok {
			t.words = append(t.words, w)
			i++
		} else {
			t.words = appendWord(t.words, low)
		}
		if r.capital && !r.sentence && len(t.words) == n+1 {
			if e := t.words[n]; utf8.RuneCountInString(e) > 1 && !capitalStop[e] && !seenEnt[e] {
				if seenEnt == nil {
					seenEnt = map[string]bool{}
				}
				seenEnt[e] = true
				t.entities = append(t.entities, e)
			}
		}
	}
	return t
}

// pairWord folds raws[i] and raws[i+1] when they form a two-word variant.
func pairWord(raws []rawToken, i int) (string, bool) {
	if i+1 >= len(raws) || !pairFirst[raws[i].s] {
		return "", false
	}
	w, ok := pairWords[raws[i].s+" "+raws[i+1].s]
	return w, ok
}

// scan splits s into lower-cased runs of letters and digits. Apostrophes
// inside a word are dropped (a possessive "'s" with them), thousands
// separators inside a figure are dropped, dotted initialisms ("U.S.",
// "a.m.") are joined so that house styles with and without dots agree,
// and "%" becomes the word "percent". The tokens share one string.
func scan(s string) []rawToken {
	var out []rawToken
	var ends []int                 // end of each token in buf
	buf := make([]byte, 0, len(s)) // lower-cased token text
	start, runes := 0, 0           // current word: start in buf, runes so far
	sentence := true
	numeric, capital := false, false
	initials := false // the word so far is dotted initials
	flush := func() {
		if runes == 0 {
			return
		}
		out = append(out, rawToken{numeric: numeric, capital: capital, sentence: sentence})
		ends = append(ends, len(buf))
		sentence = false
		start, runes = len(buf), 0
	}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case isWordRune(c):
			if runes == 0 {
				numeric, capital = isDigit(c), unicode.IsUpper(c)
			}
			buf = appendLower(buf, c)
			runes++
		case isApostrophe(c) && runes > 0 && i+1 < len(rs) && isLetter(rs[i+1]):
			if (rs[i+1] == 's' || rs[i+1] == 'S') && (i+2 == len(rs) || !isLetter(rs[i+2])) {
				i++ // possessive
			}
		case c == '.' && !numeric && i+1 < len(rs) && isLetter(rs[i+1]) &&
			(initials || runes == 1) && (i+2 == len(rs) || rs[i+2] == '.'):
			initials = true // "U.S": keep reading the same word
		case (c == ',' || c == '.' || c == ':') && numeric && runes > 0 &&
			i+1 < len(rs) && isDigit(rs[i+1]) && isDigit(rs[i-1]):
			if c != ',' {
				buf = append(buf, byte(c))
				runes++
			}
		default:
			word := buf[start:]
			flush()
			if c == '%' {
				buf = append(buf, "percent"...)
				out = append(out, rawToken{})
				ends = append(ends, len(buf))
				start = len(buf)
			}
			if c == '.' || c == '!' || c == '?' || c == '\n' {
				sentence = !initials && !titleAbbrev[string(word)] || c == '\n'
			}
			initials = false
		}
	}
	flush()
	text := string(buf)
	from := 0
	for i, end := range ends {
		out[i].s = text[from:end]
		from = end
	}
	return out
}

// isWordRune reports whether c belongs in a word: a letter or a digit.
func isWordRune(c rune) bool {
	if c < utf8.RuneSelf {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return unicode.IsLetter(c) || unicode.IsDigit(c)
}

func isLetter(c rune) bool { return unicode.IsLetter(c) }

func isDigit(c rune) bool {
	if c < utf8.RuneSelf {
		return '0' <= c && c <= '9'
	}
	return unicode.IsDigit(c)
}

// appendLower appends c lower-cased, as strings.ToLower would.
func appendLower(buf []byte, c rune) []byte {
	if c < utf8.RuneSelf {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		return append(buf, byte(c))
	}
	return utf8.AppendRune(buf, unicode.ToLower(c))
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

// appendWord appends w after house-style folding, unless it is a stop
// word or a credit.
func appendWord(dst []string, w string) []string {
	if stopWords[w] || creditWords[w] || dropWords[w] {
		return dst
	}
	if m, ok := wordMap[w]; ok {
		return append(dst, m...)
	}
	return append(dst, w)
}
