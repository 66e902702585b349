package dedupe

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// stripTitle removes desk slugs and trailing credits from a headline. Both
// expressions are anchored, so each matches at most once; most headlines
// have neither, and the checks before them say so without running them.
func stripTitle(title string) string {
	if mayHaveSlug(title) {
		if loc := titlePrefix.FindStringIndex(title); loc != nil {
			title = title[loc[1]:]
		}
	}
	if mayHaveCredit(title) {
		if loc := titleSuffix.FindStringIndex(title); loc != nil {
			title = title[:loc[0]]
		}
	}
	return stripTickers(title)
}

// stripTickers removes stock symbols in angle brackets ("HARTWELL FOODS
// <HFX> SETS DIVIDEND"): one agency's headlines carry them, another's do
// not.
func stripTickers(title string) string {
	i := strings.IndexByte(title, '<')
	if i < 0 {
		return title
	}
	var b strings.Builder
	for i >= 0 {
		end := strings.IndexByte(title[i:], '>')
		if end < 0 || end > 10 || !tickerText(title[i+1:i+end]) {
			b.WriteString(title[:i+1])
			title = title[i+1:]
		} else {
			b.WriteString(title[:i])
			title = title[i+end+1:]
		}
		i = strings.IndexByte(title, '<')
	}
	b.WriteString(title)
	return b.String()
}

// tickerText reports whether s looks like a stock symbol: letters (a
// headline set in title case lowers them), digits and dots.
func tickerText(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.') {
			return false
		}
	}
	return true
}

// slugWords are the desk slugs of titlePrefix, lower-cased.
var slugWords = []string{"update", "wrapup", "refile", "rpt", "corrected", "exclusive", "breaking",
	"urgent", "flash", "analysis", "factbox", "focus", "insight", "live", "watch", "video", "photo"}

// mayHaveSlug reports whether titlePrefix may match title: after leading
// space, the title starts with a slug word. A non-ASCII byte among the
// first bytes may be a rune that (?i) folds to an ASCII letter (the
// Kelvin sign, the long s), so it always may.
func mayHaveSlug(title string) bool {
	t := strings.TrimLeft(title, " \t\n\f\r")
	var buf [9]byte // the longest slug word
	head := buf[:min(len(t), len(buf))]
	for i := range head {
		c := t[i]
		if c >= utf8.RuneSelf {
			return true
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		head[i] = c
	}
	for _, w := range slugWords {
		if bytes.HasPrefix(head, []byte(w)) {
			return true
		}
	}
	return false
}

// mayHaveCredit reports whether titleSuffix may match title: a dash or a
// bar follows white space somewhere.
func mayHaveCredit(title string) bool {
	for i := 1; i < len(title); i++ {
		switch title[i-1] {
		case ' ', '\t', '\n', '\f', '\r':
		default:
			continue
		}
		rest := title[i:]
		if rest[0] == '-' || rest[0] == '|' || strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "—") {
			return true
		}
	}
	return false
}
