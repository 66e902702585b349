package dedupe

import (
	"unicode"
	"unicode/utf8"
)

// rawToken is one run of letters or digits, lower-cased: text[start:end]
// of the text scan returns with it.
type rawToken struct {
	start, end int32
	numeric    bool
	capital    bool // starts with an upper-case letter
	sentence   bool // first word of a sentence or paragraph
}

// runeAt decodes the rune at byte offset i of s, or returns -1 and 0 at
// the end of s. Invalid bytes decode one at a time as utf8.RuneError, as
// a []rune conversion does.
func runeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return -1, 0
	}
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// dotJoins reports whether the rune at byte offset i of s, after a dot
// and a letter, ends the text or is another dot: "U.S", "U.S.".
func dotJoins(s string, i int) bool {
	after, _ := runeAt(s, i)
	return after < 0 || after == '.'
}

// scan splits s into lower-cased runs of letters and digits. Apostrophes
// inside a word are dropped (a possessive "'s" with them), thousands
// separators inside a figure are dropped, dotted initialisms ("U.S.",
// "a.m.") are joined so that house styles with and without dots agree,
// and "%" becomes the word "percent". The tokens are slices of the
// returned text, which is buf extended; out and buf are
// appended to.
func scan(s string, out []rawToken, buf []byte) ([]rawToken, []byte) {
	start, runes := 0, 0 // current word: start in buf, runes so far
	sentence := true
	numeric, capital := false, false
	initials := false // the word so far is dotted initials
	flush := func() {
		if runes > 0 {
			// Fields are written in place: a struct built on the stack
			// with byte stores and then copied stalls store forwarding.
			out = append(out, rawToken{})
			t := &out[len(out)-1]
			t.start, t.end = int32(start), int32(len(buf))
			t.numeric, t.capital, t.sentence = numeric, capital, sentence
			sentence = false
			start, runes = len(buf), 0
		}
	}
	prev := rune(-1) // the rune before c
	for i := 0; i < len(s); {
		if b := s[i]; isASCIIWord(b) {
			// Fast path: a run of ASCII letters and digits.
			if runes == 0 {
				numeric, capital = '0' <= b && b <= '9', 'A' <= b && b <= 'Z'
			}
			j := i + 1
			for j < len(s) && asciiLower[s[j]] != 0 {
				j++
			}
			n := len(buf)
			buf = append(buf, s[i:j]...)
			for k, c := range buf[n:] {
				buf[n+k] = asciiLower[c]
			}
			runes += j - i
			prev, i = rune(s[j-1]), j
			if i < len(s) && s[i] == ' ' {
				// A space ends the word, as in the default case below.
				flush()
				prev, initials = ' ', false
				i++
			}
			continue
		}
		c, size := runeAt(s, i)
		i += size
		next, nsize := runeAt(s, i) // -1 at the end
		switch {
		case isWordRune(c):
			if runes == 0 {
				numeric, capital = isDigit(c), unicode.IsUpper(c)
			}
			buf = appendLower(buf, c)
			runes++
		case isApostrophe(c) && runes > 0 && next >= 0 && isLetter(next):
			if after, _ := runeAt(s, i+nsize); (next == 's' || next == 'S') && (after < 0 || !isLetter(after)) {
				i += nsize // possessive
				prev = next
				continue
			}
		case c == '.' && !numeric && next >= 0 && isLetter(next) && (initials || runes == 1) &&
			dotJoins(s, i+nsize):
			initials = true // "U.S": keep reading the same word
		case (c == ',' || c == '.' || c == ':') && numeric && runes > 0 && next >= 0 && isDigit(next) && isDigit(prev):
			if c != ',' {
				buf = append(buf, byte(c))
				runes++
			}
		case c == ' ' && runes == 0:
			// between words: nothing to end
		default:
			word := buf[start:]
			flush()
			if c == '%' {
				buf = append(buf, "percent"...)
				out = append(out, rawToken{start: int32(start), end: int32(len(buf))})
				start = len(buf)
			}
			if c == '.' || c == '!' || c == '?' || c == '\n' {
				sentence = !initials && !titleAbbrev[string(word)] || c == '\n'
			}
			initials = false
		}
		prev = c
	}
	flush()
	return out, buf
}

// isASCIIWord reports whether b is an ASCII letter or digit.
func isASCIIWord(b byte) bool { return asciiLower[b] != 0 }

// asciiLower maps an ASCII letter or digit to itself lower-cased and
// every other byte to 0.
var asciiLower = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = byte(c), byte(c)
	}
	return t
}()

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
func splitNumber(s []byte) (num, unit []byte) {
	for i := 0; i < len(s); {
		c, size := rune(s[i]), 1
		if c >= utf8.RuneSelf {
			c, size = utf8.DecodeRune(s[i:])
		}
		if unicode.IsLetter(c) {
			return s[:i], s[i:]
		}
		i += size
	}
	return s, nil
}
