package dedupe

import (
	"regexp"
	"strings"
)

// agencies are the credits that wire copy carries in datelines, bylines and
// footers. They say who carried a story, not what it says, so they are
// removed before comparing texts.
const agencies = `AFP|AP|Reuters|dpa|DPA|Xinhua|ANSA|EFE|Anadolu|AA|UPI|Bloomberg|IANS|PTI|` +
	`Kyodo|Yonhap|TASS|RIA|Interfax|WAM|SPA|KUNA|QNA|NNA|IRNA|Bernama|Antara|AAP|CP|PA|` +
	`Agencies|AFP-JIJI|AFP/Getty|Al Jazeera|CNA|APA|MENA|Petra|SANA|Belga|Lusa|Europa Press`

var (
	// titlePrefix matches desk slugs that agencies put before a headline.
	titlePrefix = regexp.MustCompile(`(?i)^\s*(?:(?:UPDATE|WRAPUP|REFILE|RPT|CORRECTED|` +
		`EXCLUSIVE|BREAKING|URGENT|FLASH|ANALYSIS|FACTBOX|FOCUS|INSIGHT|LIVE|WATCH|VIDEO|` +
		`PHOTOS?)(?:\s*\d+)?\s*[-:–—|]+\s*)+`)
	// titleSuffix matches a trailing credit such as " - Reuters" or " | AFP".
	titleSuffix = regexp.MustCompile(`\s+[-–—|]\s*(?:` + agencies + `|sources?|report|media)\s*$`)

	// datelineAgency matches "TEHRAN (AFP) -", "BEIRUT, Nov 25 (Reuters) -",
	// "KYIV, Ukraine (AP) —", "(AP) —" and "Tehran (AFP) -" at the start of
	// a body.
	datelineAgency = regexp.MustCompile(`^\s*(?:[\p{L}][\p{L}.'’ \-]{0,40}` +
		`(?:,\s*[\p{L}0-9.]+(?:\s+[\p{L}0-9.]+){0,3})?\s*)?\(\s*(?:` + agencies + `)\s*\)\s*` +
		`[-–—:]+\s*`)
	// datelinePlace matches an upper-case place dateline without credit:
	// "WASHINGTON —", "ST. LOUIS, Mo. -", "GAZA CITY, Nov. 25 --".
	datelinePlace = regexp.MustCompile(`^\s*[\p{Lu}][\p{Lu}.'’ \-]{1,40}` +
		`(?:,\s*[\p{L}0-9.]+(?:\s+[\p{L}0-9.]+){0,3})?\s*[-–—]+\s+`)
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

// stripTitle removes desk slugs and trailing credits from a headline.
func stripTitle(title string) string {
	title = titlePrefix.ReplaceAllString(title, "")
	return titleSuffix.ReplaceAllString(title, "")
}

// stripBody removes the dateline, agency credits and trailing footers from
// story text whose paragraphs are separated by newlines.
func stripBody(body string) string {
	body = strings.TrimSpace(body)
	if loc := datelineAgency.FindStringIndex(body); loc != nil {
		body = body[loc[1]:]
	} else if loc := datelinePlace.FindStringIndex(body); loc != nil && loc[1] < len(body) {
		body = body[loc[1]:]
	}
	body = creditParen.ReplaceAllString(body, " ")
	paras := strings.Split(body, "\n")
	for len(paras) > 0 {
		last := strings.TrimSpace(paras[len(paras)-1])
		if last != "" && (len(last) > footerPara || !footerLine.MatchString(last)) {
			break
		}
		paras = paras[:len(paras)-1]
	}
	body = strings.Join(paras, "\n")
	start := max(0, len(body)-tailWindow)
	if loc := footerTail.FindStringSubmatchIndex(body[start:]); loc != nil {
		body = strings.TrimRight(body[:start+loc[2]], " \t")
	}
	return body
}
