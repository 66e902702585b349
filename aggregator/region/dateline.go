package region

import "strings"

// dateline marks byte offsets at the start of a body: [0,skipEnd) is a
// byline line ("By Jane Doe"), [skipEnd,end) the dateline including its
// agency credit and the dash after it.
type dateline struct {
	skipEnd, end int
}

// findDateline recognises the agency dateline forms:
//
//	BEIRUT, Nov 25 (Reuters) - ...
//	TEHRAN (AFP) — ...
//	GAZA CITY, Gaza Strip (AP) — ...
//	Beirut (AFP) - ...         mixed case, with an agency
//	Beirut, Lebanon — ...      mixed case, "Place, Place"
//	ISLAMABAD: ...
//
// It returns a zero end when the body opens with ordinary prose.
func findDateline(body string) dateline {
	var dl dateline
	p := skipSpace(body, 0)
	if strings.HasPrefix(body[p:], "By ") {
		if nl := strings.IndexByte(body[p:], '\n'); nl > 0 && nl < 100 {
			dl.skipEnd = p + nl + 1
			p = skipSpace(body, dl.skipEnd)
		}
	}
	window := body[p:]
	if len(window) > 160 {
		window = window[:160]
	}
	if nl := strings.IndexByte(window, '\n'); nl >= 0 {
		window = window[:nl]
	}
	// The earliest separator on the first line wins. A colon counts only
	// after a place in capitals ("ISLAMABAD: ...").
	seps := [...]string{" - ", " -- ", "\u2014", "\u2013", " : ", ": "}
	idx, sep := -1, ""
	for _, s := range seps {
		if i := strings.Index(window, s); i >= 0 && (idx < 0 || i < idx) {
			idx, sep = i, s
		}
	}
	if idx < 0 {
		// A results table: "SANTA CLARA, Calif., April 14 -" alone on
		// its line, the table on the next.
		trimmed := strings.TrimRight(window, " \t\r")
		for _, s := range [...]string{" -", " --", "\u2014", "\u2013"} {
			if strings.HasSuffix(trimmed, s) && len(trimmed) < len(window)+1 && len(window) < 160 {
				idx, sep = len(trimmed)-len(s), s
				break
			}
		}
	}
	if idx <= 0 {
		return dl
	}
	head := strings.TrimSpace(window[:idx])
	if !looksLikeDateline(head, strings.Contains(sep, ":")) {
		return dl
	}
	dl.end = p + idx + len(sep)
	return dl
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t') {
		i++
	}
	return i
}

// looksLikeDateline accepts a short head that either carries an agency in
// parentheses, opens with a word in capitals, or is "Place, Place" in
// capitalised words.
func looksLikeDateline(head string, colon bool) bool {
	words := strings.Fields(head)
	if len(words) == 0 || len(words) > 14 || len(head) > 120 {
		return false
	}
	firstCaps := allCapsWord(words[0])
	if colon {
		return firstCaps
	}
	if firstCaps || strings.Contains(head, "(") && strings.HasSuffix(head, ")") {
		return true
	}
	if !strings.Contains(head, ",") || len(words) > 6 {
		return false
	}
	for _, w := range words {
		if c := w[0]; 'a' <= c && c <= 'z' {
			return false
		}
	}
	return true
}

// allCapsWord reports whether w has at least two letters, all capitals.
func allCapsWord(w string) bool {
	n := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case 'A' <= c && c <= 'Z':
			n++
		case 'a' <= c && c <= 'z':
			return false
		}
	}
	return n >= 2
}
