package region

import (
	"unicode"
	"unicode/utf8"
)

// Token flags.
const (
	fUpper     uint8 = 1 << iota // first letter is a capital
	fAllCaps                     // all letters capitals (two or more, or a dotted acronym)
	fPoss                        // followed by 's
	fSentStart                   // first word of a sentence, line or text
	fNoCase                      // in a Title Case or ALL CAPS run: capitals say nothing
	fDot                         // followed by a full stop
	fDotted                      // dotted acronym ("U.S.")
)

// Separators before a token.
const (
	sepSpace  uint8 = iota // whitespace only
	sepJoin                // one hyphen or apostrophe, no spaces: "Guinea-Bissau"
	sepAbbrev              // full stop after a short capitalised word: "St. Petersburg"
	sepComma               // a comma and spaces
	sepOther               // anything else, and the start of a text
)

// token is one word; its lookup key (lower case, diacritics folded, dots
// removed) lives in scratch.keys[ks:ke].
type token struct {
	ks, ke int32
	start  int32 // byte offset in its text
	sep    uint8
	flags  uint8
	zone   zone
}

// scratch is the per-call working memory, pooled by the Detector.
type scratch struct {
	keys    []byte
	toks    []token
	ments   []mention
	tokMent []int32 // token index -> mention index, -1 when none
	scores  []cscore
	ev      []cscore // evidence for resolving ambiguous names
	person  []int    // entry ids seen as a surname ("Michael Jordan")
	reloc   []reloc  // names re-filed by "City, State"
	places  []place
}

func (sc *scratch) reset() {
	sc.keys = sc.keys[:0]
	sc.toks = sc.toks[:0]
	sc.ments = sc.ments[:0]
	sc.tokMent = sc.tokMent[:0]
	sc.scores = sc.scores[:0]
	sc.ev = sc.ev[:0]
	sc.person = sc.person[:0]
	sc.reloc = sc.reloc[:0]
	sc.places = sc.places[:0]
}

func (sc *scratch) key(i int) []byte {
	t := sc.toks[i]
	return sc.keys[t.ks:t.ke]
}

// zoneMap assigns zones by byte offset: the byline, the dateline, then
// base for the rest of the text.
type zoneMap struct {
	skipEnd, end int
	base         zone
}

func (z zoneMap) at(off int) zone {
	switch {
	case off < z.skipEnd:
		return zoneSkip
	case off < z.end:
		return zoneDateline
	}
	return z.base
}

// tokenize splits text into words and records what separates them. It
// works on local copies of the slices: this loop runs once per byte of
// every story.
func (sc *scratch) tokenize(text string, zm zoneMap) {
	var (
		nonSpace, spaces, hyphens, aposts, commas, dots int
		sent                                            = true
		first                                           = true
	)
	keys, toks := sc.keys, sc.toks
	for i := 0; i < len(text); {
		c := text[i]
		size := 1
		var r rune = rune(c)
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if isWordRune(r) {
			t := token{start: int32(i), zone: zm.at(i)}
			keys, i = appendWord(keys, text, i, &t)
			switch {
			case first:
				t.sep = sepOther
			case nonSpace == 0:
				t.sep = sepSpace
			case nonSpace == 1 && spaces == 0 && (hyphens == 1 || aposts == 1):
				t.sep = sepJoin
			case nonSpace == 1 && dots == 1 && abbrev(toks[len(toks)-1]):
				t.sep = sepAbbrev
			case nonSpace == commas:
				t.sep = sepComma
			default:
				t.sep = sepOther
				if dots > 0 {
					sent = true
				}
			}
			if sent {
				t.flags |= fSentStart
			}
			toks = append(toks, t)
			nonSpace, spaces, hyphens, aposts, commas, dots = 0, 0, 0, 0, 0, 0
			sent, first = false, false
			continue
		}
		i += size
		switch r {
		case ' ', '\t', '\r', '\u00a0':
			spaces++
			continue
		case '\n', '!', '?', ';', ':', '"', '\u201c', '\u201d', '(':
			sent = true
		case '-', '\u2010', '\u2011':
			hyphens++
		case '\'', '\u2019':
			aposts++
		case ',':
			commas++
		case '.':
			if nonSpace == 0 && !first {
				toks[len(toks)-1].flags |= fDot
			}
			dots++
		}
		nonSpace++
	}
	sc.keys, sc.toks = keys, toks
}

// abbrev reports whether t is a short capitalised abbreviation such as
// "St" or "Gov", after which a full stop does not end the sentence.
func abbrev(t token) bool {
	return t.ke-t.ks <= 3 && t.flags&fUpper != 0 && t.flags&fAllCaps == 0
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r)
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// appendWord reads one word starting at i, appends its key and returns
// the offset after it. Dotted acronyms ("U.S.") are one word; "'s" is a
// possessive flag; other apostrophes split ("d'Ivoire" is "d" + "Ivoire").
func appendWord(keys []byte, text string, i int, t *token) ([]byte, int) {
	t.ks = int32(len(keys))
	letters, uppers, seg := 0, 0, 0
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z':
			case 'A' <= c && c <= 'Z':
				if letters == 0 {
					t.flags |= fUpper
				}
				uppers++
				c += 'a' - 'A'
			case '0' <= c && c <= '9':
				keys = append(keys, c)
				seg++
				i++
				continue
			case c == '.' && seg == 1 && i+1 < len(text) && isASCIILetter(text[i+1]):
				t.flags |= fDotted
				seg = 0
				i++
				continue
			case c == '.' && seg == 1 && t.flags&fDotted != 0:
				return endWord(keys, t, letters, uppers), i + 1
			case c == '\'' && possessive(text, i+1):
				t.flags |= fPoss
				return endWord(keys, t, letters, uppers), i + 2
			default:
				return endWord(keys, t, letters, uppers), i
			}
			keys = append(keys, c)
			letters++
			seg++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\u2019' && possessive(text, i+size):
			t.flags |= fPoss
			return endWord(keys, t, letters, uppers), i + size + 1
		case !unicode.IsLetter(r):
			return endWord(keys, t, letters, uppers), i
		}
		if unicode.IsUpper(r) {
			if letters == 0 {
				t.flags |= fUpper
			}
			uppers++
		}
		if b := foldRune(r); b != 0 {
			keys = append(keys, b)
		} else {
			keys = utf8.AppendRune(keys, unicode.ToLower(r))
		}
		letters++
		seg++
		i += size
	}
	return endWord(keys, t, letters, uppers), i
}

func endWord(keys []byte, t *token, letters, uppers int) []byte {
	t.ke = int32(len(keys))
	if letters > 0 && uppers == letters && (letters >= 2 || t.flags&fDotted != 0) {
		t.flags |= fAllCaps
	}
	return keys
}

// possessive reports whether text[j:] is "s" or "S" ending a word.
func possessive(text string, j int) bool {
	if j >= len(text) || text[j] != 's' && text[j] != 'S' {
		return false
	}
	if j+1 == len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[j+1:])
	return !isWordRune(r)
}
