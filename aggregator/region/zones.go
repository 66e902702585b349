package region

import "unicode/utf8"

// zone is where in the story a word stands; it sets the word's weight.
type zone uint8

const (
	zoneSkip     zone = iota // byline: never counted
	zoneTitle                // headline
	zoneDateline             // "BEIRUT, Nov 25 (Reuters) -"
	zoneLead                 // first paragraph
	zoneBody                 // the rest
)

func (z zone) String() string {
	switch z {
	case zoneTitle:
		return "title"
	case zoneDateline:
		return "dateline"
	case zoneLead:
		return "lead"
	case zoneBody:
		return "body"
	}
	return "byline"
}

// tokenizeTitle adds the headline. A headline in Title Case or capitals
// gets fNoCase so that capitalisation rules (person names) stand down.
func (sc *scratch) tokenizeTitle(title string) {
	first := len(sc.toks)
	sc.tokenize(title, zoneMap{base: zoneTitle})
	long, capped := 0, 0
	for i := first + 1; i < len(sc.toks); i++ {
		if t := sc.toks[i]; t.ke-t.ks >= 4 {
			long++
			if t.flags&fUpper != 0 {
				capped++
			}
		}
	}
	if long >= 2 && capped*10 >= long*7 {
		for i := first; i < len(sc.toks); i++ {
			sc.toks[i].flags |= fNoCase
		}
	}
}

// tokenizeBody adds the body with its byline, dateline, lead and body
// zones. The lead is the first paragraph: up to the first line break, or
// the first sentence end after 25 words, and never more than 80 words.
func (sc *scratch) tokenizeBody(body string) {
	dl := findDateline(body)
	leadWords := 0
	inLead := true
	sc.tokenize(body, zoneMap{skipEnd: dl.skipEnd, end: dl.end, base: zoneBody})
	for i := range sc.toks {
		t := &sc.toks[i]
		if t.zone == zoneDateline {
			t.flags |= fNoCase
		}
		if t.zone != zoneBody || !inLead {
			continue
		}
		if leadWords > 0 && (t.sep == sepOther && t.flags&fSentStart != 0 && leadWords >= 25 ||
			leadWords >= 80 || sc.newlineBefore(body, i)) {
			inLead = false
			continue
		}
		t.zone = zoneLead
		leadWords++
	}
}

// newlineBefore reports whether a line break separates body token i from
// the previous body token.
func (sc *scratch) newlineBefore(body string, i int) bool {
	t := sc.toks[i]
	if t.flags&fSentStart == 0 || i == 0 || sc.toks[i-1].zone == zoneTitle {
		return false
	}
	for p := int(t.start) - 1; p >= 0; p-- {
		switch c := body[p]; {
		case c == '\n':
			return true
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c >= utf8.RuneSelf:
			return false
		}
	}
	return false
}
