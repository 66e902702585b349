// Package wirecopy removes the marks an agency leaves in its own copy, the
// agency tag in the dateline ("MEXICO CITY, Dec 4 (Northwind) -") and the
// credit and copyright lines at the end ("© 2026 Meridian News. All rights
// reserved."), from story HTML republished under the site's byline. The
// agency stays in provenance (credit line, RSS <source>, Atom <source>,
// JSON Feed _wiredesk); the stored story keeps its original text.
//
// It is conservative: a dateline keeps its place and date, only whole
// trailing paragraphs that are nothing but a credit or a notice go, and no
// sentence of the story is ever removed.
package wirecopy

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Agencies are the agency names that wire copy carries in datelines and
// footers, as a regular-expression alternation.
const Agencies = `AFP|AP|Reuters|Reuter|dpa|DPA|Xinhua|ANSA|EFE|Anadolu|AA|UPI|Bloomberg|IANS|PTI|` +
	`Kyodo|Yonhap|TASS|RIA|Interfax|WAM|SPA|KUNA|QNA|NNA|IRNA|Bernama|Antara|AAP|CP|PA|` +
	`Agencies|AFP-JIJI|AFP/Getty|Al Jazeera|CNA|APA|MENA|Petra|SANA|Belga|Lusa|Europa Press`

var (
	// dateline is a dateline with an agency tag at the start of a story:
	// group 1 the place and date, group 2 the tag, group 3 the dash.
	dateline = regexp.MustCompile(`^((?:[\p{Lu}][\p{L}.'’\-]*(?:[ /][\p{Lu}][\p{L}.'’\-]*){0,4})` +
		`(?:,\s*[\p{L}0-9.]+(?:\s+[\p{L}0-9.]+){0,3}){0,2})?\s*` +
		`\(\s*([\p{L}][\p{L}0-9&'’./\- ]{0,40}?)\s*\)\s*(--|[-–—:])\s*`)
	// knownAgency matches a whole tag naming a listed agency.
	knownAgency = regexp.MustCompile(`^(?:` + Agencies + `)$`)
	// footer is a trailing paragraph that is a credit or a legal notice.
	footer = regexp.MustCompile(`(?i)^(?:` +
		`(?:©|\(c\)\s*\d{4}|copyright\b).{0,200}|` +
		`[^.]{0,80}\.\s*all rights reserved\.?|` +
		`\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|edited)\s+by\b[^()]{0,200}\)?|` +
		`.{0,80}\bcontributed to this (?:report|story)\.?|` +
		`[-–—]*\s*(?:` + Agencies + `)\s*[-–—]*` +
		`)$`)
)

// Clean returns story HTML (as the sanitizer leaves it) with the agency
// tag of its dateline and its trailing credit and copyright paragraphs
// removed. agency is the story's agency credit: a dateline tag that is not
// a listed agency is removed when it names that agency (its first word or
// its initials) or when the place before it is in capitals, as datelines
// are.
func Clean(story, agency string) string {
	if story == "" {
		return story
	}
	return cleanFooters(cleanDateline(story, agency))
}

// cleanDateline removes the tag from a dateline in the first text of s.
func cleanDateline(s, agency string) string {
	start := skipTags(s)
	text := s[start:]
	if i := strings.IndexByte(text, '<'); i >= 0 {
		text = text[:i]
	}
	m := dateline.FindStringSubmatchIndex(text)
	if m == nil {
		return s
	}
	place := ""
	if m[2] >= 0 {
		place = strings.TrimSpace(text[m[2]:m[3]])
	}
	tag := text[m[4]:m[5]]
	if !knownAgency.MatchString(tag) && !namesAgency(tag, agency) && !capitals(place) {
		return s
	}
	rest := text[m[1]:]
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:start])
	if place != "" {
		b.WriteString(place)
		b.WriteString(" ")
		b.WriteString(text[m[6]:m[7]])
		if rest != "" {
			b.WriteString(" ")
		}
	}
	b.WriteString(rest)
	b.WriteString(s[start+len(text):])
	return b.String()
}

// skipTags returns the offset of the first text in s after leading white
// space and tags.
func skipTags(s string) int {
	i := 0
	for i < len(s) {
		switch c := s[i]; {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
			i++
		case c == '<':
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				return i
			}
			i += end + 1
		default:
			return i
		}
	}
	return i
}

// namesAgency reports whether a dateline tag names the story's agency:
// "Northwind" for "Northwind Wire Agency", "GPS" for "Global Press Service".
func namesAgency(tag, agency string) bool {
	words := strings.Fields(agency)
	if len(words) == 0 {
		return false
	}
	if strings.EqualFold(tag, agency) || strings.EqualFold(tag, words[0]) {
		return true
	}
	var initials strings.Builder
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		initials.WriteRune(unicode.ToUpper(r))
	}
	return len(words) > 1 && tag == initials.String()
}

// capitals reports whether place is written in capitals up to its first
// comma, as a dateline's town is ("MEXICO CITY", "SANTA CLARA").
func capitals(place string) bool {
	town, _, _ := strings.Cut(place, ",")
	letters := 0
	for _, r := range town {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// cleanFooters removes trailing paragraphs that are only a credit or a
// notice. A paragraph is a <p> element, or a line of text without tags.
func cleanFooters(s string) string {
	for {
		body := strings.TrimRight(s, " \n\t\r")
		start, text := lastParagraph(body)
		if start <= 0 || !footer.MatchString(strings.TrimSpace(html.UnescapeString(text))) {
			return s
		}
		s = strings.TrimRight(body[:start], " \n\t\r")
	}
}

// lastParagraph returns where the last paragraph of body starts and its
// text; start is -1 when body has no paragraph before it (a story is never
// removed whole).
func lastParagraph(body string) (int, string) {
	if strings.HasSuffix(body, "</p>") {
		open := strings.LastIndex(body, "<p")
		if open < 0 {
			return -1, ""
		}
		inner := body[open:]
		gt := strings.IndexByte(inner, '>')
		if gt < 0 {
			return -1, ""
		}
		inner = inner[gt+1 : len(inner)-len("</p>")]
		if strings.ContainsRune(inner, '<') && !simpleInline(inner) {
			return -1, ""
		}
		return open, stripInline(inner)
	}
	nl := strings.LastIndexByte(body, '\n')
	if nl < 0 || strings.ContainsRune(body[nl:], '<') {
		return -1, ""
	}
	return nl, body[nl+1:]
}

// simpleInline reports whether s holds only inline emphasis tags, as a
// credit line in italics does.
func simpleInline(s string) bool {
	for i := strings.IndexByte(s, '<'); i >= 0; i = strings.IndexByte(s, '<') {
		end := strings.IndexByte(s[i:], '>')
		if end < 0 {
			return false
		}
		switch strings.Trim(s[i+1:i+end], "/ ") {
		case "em", "i", "strong", "b", "small", "br":
		default:
			return false
		}
		s = s[i+end+1:]
	}
	return true
}

// stripInline drops tags from s.
func stripInline(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		end := strings.IndexByte(s[i:], '>')
		if end < 0 {
			return b.String()
		}
		s = s[i+end+1:]
	}
}
