package dedupe

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/internal/wirecopy"
)

// agencies are the credits that wire copy carries in datelines, bylines and
// footers. They say who carried a story, not what it says, so they are
// removed before comparing texts.
const agencies = wirecopy.Agencies

var (
	// titlePrefix matches desk slugs that agencies put before a headline.
	titlePrefix = regexp.MustCompile(`(?i)^\s*(?:(?:UPDATE|WRAPUP|REFILE|RPT|CORRECTED|` +
		`EXCLUSIVE|BREAKING|URGENT|FLASH|ANALYSIS|FACTBOX|FOCUS|INSIGHT|LIVE|WATCH|VIDEO|` +
		`PHOTOS?)(?:\s*\d+)?\s*[-:–—|]+\s*)+`)
	// titleSuffix matches a trailing credit such as " - Reuters" or " | AFP".
	titleSuffix = regexp.MustCompile(`\s+[-–—|]\s*(?:` + agencies + `|sources?|report|media)\s*$`)

	// datelineAgency matches "TEHRAN (AFP) -", "BEIRUT, Nov 25 (Reuters) -",
	// "KYIV, Ukraine (AP) —", "(AP) —", "Tehran (AFP) -" and "SANTA CLARA,
	// Calif., April 14 (Northwind) -" at the start of a body.
	//
	// Any carrier's tag counts, not only the agencies listed: one to
	// three capitalised words or an acronym ("(Northwind)", "(Meridian
	// News)", "(GPS)").
	datelineAgency = regexp.MustCompile(`^\s*(?:[\p{L}][\p{L}.'’ \-]{0,40}` +
		`(?:,\s*[\p{L}0-9.]+(?:\s+[\p{L}0-9.]+){0,3}){0,2}\s*)?\(\s*(?:` + agencies + `|` + carrierTag + `)\s*\)\s*` +
		`[-–—:]+\s*`)
	// carrierTag is a credit in a dateline that is not a listed agency.
	carrierTag = `\p{Lu}[\p{L}&'’.\-]*(?:\s+\p{Lu}[\p{L}&'’.\-]*){0,2}`
	// datelinePlace matches an upper-case place dateline without credit:
	// "WASHINGTON —", "ST. LOUIS, Mo. -", "GAZA CITY, Nov. 25 --".
	datelinePlace = regexp.MustCompile(`^\s*[\p{Lu}][\p{Lu}.'’ \-]{1,40}` +
		`(?:,\s*[\p{L}0-9.]+(?:\s+[\p{L}0-9.]+){0,3}){0,2}\s*[-–—]+\s+`)
	// creditParen matches an agency credit anywhere: "(AFP)", "(Reuters)".
	creditParen = regexp.MustCompile(`\(\s*(?:` + agencies + `)\s*\)`)

	// footerLine matches a whole trailing paragraph that is a credit or a
	// legal notice rather than story text.
	footerLine = regexp.MustCompile(`(?i)^\s*(?:` +
		`(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4})).*|` +
		`[^.!?]{0,80}\ball rights reserved\b.*|` +
		`\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|edited|` +
		`translated)\s+by\b.*|` +
		`this (?:story|article|content|report) (?:has not been|was|is|has been)\b.*|` +
		`(?:this article |this story )?originally (?:appeared|published)\b.*|` +
		`[^.!?]{0,80}\bcontributed to this (?:report|story)\.?\s*|` +
		`(?:read more|related|related coverage|follow us|click here|sign up|more on this)\b.*|` +
		`[-–—]*\s*(?:` + agencies + `|staff|agencies)\s*[-–—]*\s*|` +
		`(?:[a-z]+/[a-z]+\s*)+` + // "dk/jm" desk initials
		`)\s*$`)
	// footerTail matches the same notices run into the end of the last
	// paragraph, as text flattened from HTML arrives: after a sentence end,
	// on the last line, up to the end of the text. Only the last tailWindow
	// bytes are searched.
	footerTail = regexp.MustCompile(`(?i)[.!?"”’)]\s+((?:` +
		`(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))|` +
		`\(?\s*(?:additional\s+)?(?:reporting|writing|editing)\s+by\s|` +
		`this (?:story|article|content) (?:has not been|was) (?:edited|published|generated|produced)\b|` +
		`(?:this article |this story )?originally (?:appeared|published)\b|` +
		`[^.!?\n]{0,80}\bcontributed to this (?:report|story)\b|` +
		`[-–—]+\s*(?:` + agencies + `)\s*$|` +
		`[a-z]{1,4}/[a-z]{1,4}\s*$|` +
		`all rights reserved\b)[^\n]*)$`)
)

// tailWindow bounds how far from the end a run-in footer is looked for, so
// that "reporting by" in the middle of a story never cuts it short, and
// footerPara bounds a paragraph that footerLine may remove whole, so that
// a body flattened to one line is never taken for a footer.
const (
	tailWindow = 400
	footerPara = 300
)

// stripBody removes the dateline, agency credits and trailing footers from
// story text whose paragraphs are separated by newlines.
func stripBody(body string) string {
	body = strings.TrimSpace(body)
	body = stripDateline(body)
	if strings.Contains(body, "(") {
		body = creditParen.ReplaceAllString(body, " ")
	}
	for body != "" {
		cut := strings.LastIndexByte(body, '\n') + 1 // start of the last paragraph
		last := strings.TrimSpace(body[cut:])
		if last != "" && (len(last) > footerPara || !mayBeFooter(last, &footerLineKeys, true) ||
			!footerLine.MatchString(last)) {
			break
		}
		body = body[:max(0, cut-1)]
	}
	start := max(0, len(body)-tailWindow)
	if mayBeFooter(body[start:], &footerTailKeys, false) {
		if loc := footerTail.FindStringSubmatchIndex(body[start:]); loc != nil {
			body = strings.TrimRight(body[:start+loc[2]], " \t")
		}
	}
	return body
}

// stripDateline removes a credit dateline, or else a place dateline, from
// the start of body, which has no leading space. The checks before each
// expression skip it when it cannot match: most stories start with a
// plain sentence.
func stripDateline(body string) string {
	if mayHaveCreditDateline(body) {
		if loc := datelineAgency.FindStringIndex(body); loc != nil {
			return body[loc[1]:]
		}
	}
	if mayHavePlaceDateline(body) {
		if loc := datelinePlace.FindStringIndex(body); loc != nil && loc[1] < len(body) {
			return body[loc[1]:]
		}
	}
	return body
}

// mayHaveCreditDateline reports whether datelineAgency may match body,
// which has no leading space: it needs a "(", and before the first one
// only the letters, digits, dots, apostrophes, dashes, commas and spaces
// of a place and a date.
func mayHaveCreditDateline(body string) bool {
	i := strings.IndexByte(body, '(')
	if i < 0 {
		return false
	}
	for _, c := range body[:i] {
		if !unicode.IsLetter(c) && (c < '0' || c > '9') && !strings.ContainsRune(".'’ -,\t\n\f\r", c) {
			return false
		}
	}
	return true
}

// mayHavePlaceDateline reports whether datelinePlace may match body, which
// has no leading space: it starts with an upper-case letter followed by
// another one or by a dot, an apostrophe, a space or a hyphen.
func mayHavePlaceDateline(body string) bool {
	first, n := utf8.DecodeRuneInString(body)
	second, _ := utf8.DecodeRuneInString(body[n:])
	return unicode.IsUpper(first) && (unicode.IsUpper(second) || strings.ContainsRune(".'’ -", second))
}

// Every footerLine match contains one of footerLineKeys, every footerTail
// match one of footerTailKeys (lower-cased), or else ends with an agency
// name (and for footerLine, is nothing but one): mayBeFooter checks this
// first, because most stories have no footer and the two expressions are
// slow to fail. In both expressions a key that starts with a letter
// starts a word (it follows a space, "(", \b or the start), so only word
// starts are tried.
var (
	footerLineKeys = makeFooterKeys("©", "(c)", "copyright", "all rights reserved", "reporting", "writing",
		"editing", "compiled", "produced", "edited", "translated", "this story ", "this article ",
		"this content ", "this report ", "originally", "contributed to this", "read more", "related",
		"follow us", "click here", "sign up", "more on this", "/")
	footerTailKeys = makeFooterKeys("©", "(c)", "copyright", "reporting", "writing", "editing",
		"this story ", "this article ", "this content ", "originally", "contributed to this", "/",
		"all rights reserved")
	creditNames = strings.Split(strings.ToLower(agencies+"|staff"), "|")
)

// footerKeys are the key words of a footer expression: byLetter those
// starting with each letter a–z, other the rest (found anywhere).
type footerKeys struct {
	byLetter [26][]string
	other    []string
}

func makeFooterKeys(keys ...string) footerKeys {
	var fk footerKeys
	for _, k := range keys {
		if c := k[0]; 'a' <= c && c <= 'z' {
			fk.byLetter[c-'a'] = append(fk.byLetter[c-'a'], k)
		} else {
			fk.other = append(fk.other, k)
		}
	}
	return fk
}

// contains reports whether low holds one of the keys, those starting with
// a letter at the start of a word.
func (fk *footerKeys) contains(low []byte) bool {
	for _, k := range fk.other {
		if bytes.Contains(low, []byte(k)) {
			return true
		}
	}
	for i, c := range low {
		if c < 'a' || c > 'z' || i > 0 && 'a' <= low[i-1] && low[i-1] <= 'z' {
			continue
		}
		for _, k := range fk.byLetter[c-'a'] {
			if bytes.HasPrefix(low[i:], []byte(k)) {
				return true
			}
		}
	}
	return false
}

// mayBeFooter reports whether s may match a footer expression: it holds
// one of keys, case-insensitively, or ends with an agency name (whole:
// is nothing but one, between dashes and spaces). Text with a rune that
// (?i) folds to an ASCII letter (the Kelvin sign, the long s) always may.
func mayBeFooter(s string, keys *footerKeys, whole bool) bool {
	if strings.Contains(s, "\u212a") || strings.Contains(s, "\u017f") {
		return true
	}
	var buf [tailWindow]byte
	low := lowerASCII(buf[:0], s)
	if keys.contains(low) {
		return true
	}
	end := bytes.TrimRight(low, " \t\n\f\r-–—")
	if whole {
		end = bytes.TrimLeft(end, " \t\n\f\r-–—")
	}
	if len(end) == 0 || end[len(end)-1] < 'a' || end[len(end)-1] > 'z' {
		return false // every credit name ends with a letter
	}
	for _, name := range creditNames {
		if bytes.HasSuffix(end, []byte(name)) && (!whole || len(end) == len(name)) {
			return true
		}
	}
	return false
}

// lowerASCII appends s to dst with its ASCII letters lower-cased.
func lowerASCII(dst []byte, s string) []byte {
	dst = append(dst, s...)
	for i, c := range dst {
		if 'A' <= c && c <= 'Z' {
			dst[i] = c + 'a' - 'A'
		}
	}
	return dst
}
