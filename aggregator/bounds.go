package aggregator

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/wiredesk/wiredesk/internal/htmlkit"
	"github.com/wiredesk/wiredesk/story"
)

// Bounds on what one story may weigh. A wire story is a few kilobytes of
// HTML; these leave room for a long feature and stop a hostile item (ten
// megabytes of "<b><b><b>…", which a sanitizer that closes every element
// turns into 24 MB) from reaching the store, the feeds and the pages.
const (
	// MaxStoryHTML is the most a story's sanitized summary, and likewise
	// its sanitized content, may weigh in bytes once stored. Longer HTML is
	// cut at an element boundary, its open elements closed, and
	// truncatedNote appended.
	MaxStoryHTML = 256 << 10
	// maxFragmentIn bounds the upstream HTML handed to the sanitizer: four
	// times what can be kept, so markup the sanitizer drops (styles,
	// scripts, attributes) rarely costs a story its end.
	maxFragmentIn = 4 * MaxStoryHTML
	// maxFragmentTags bounds the tags of one upstream fragment before the
	// sanitizer sees it: every tag costs a token, and every unclosed one
	// an end tag written back.
	maxFragmentTags = 20000
	// maxHTMLDepth is the deepest element nesting a stored story keeps;
	// deeper elements lose their tags (never their text). Browsers and
	// HTML parsers cost time and stack in proportion to nesting.
	maxHTMLDepth = 64
)

// truncatedNote ends every story HTML that was cut to MaxStoryHTML, so a
// reader sees that the story goes on upstream.
const truncatedNote = `<p><em>[Truncated by wiredesk: the rest of this story is at its source.]</em></p>`

// boundFragment cuts upstream HTML to maxFragmentIn bytes and
// maxFragmentTags tags, at a tag's "<" so that no tag is split; the
// sanitizer then never sees more than that. It reports whether it cut.
func boundFragment(s string) (string, bool) {
	cut := len(s)
	if cut > maxFragmentIn {
		cut = maxFragmentIn
		if i := strings.LastIndexByte(s[:cut], '<'); i > 0 {
			cut = i
		}
	}
	if strings.Count(s[:cut], "<") > maxFragmentTags {
		n, i := 0, 0
		for i = 0; i < cut; i++ {
			if s[i] == '<' {
				if n == maxFragmentTags {
					break
				}
				n++
			}
		}
		cut = i
	}
	if cut == len(s) {
		return s, false
	}
	return s[:cut], true
}

// boundHTML returns sanitized HTML of at most limit bytes with elements
// nested at most maxHTMLDepth deep. Over the limit it keeps whole tokens up
// to an element boundary, closes what is open and appends truncatedNote;
// tags nested too deep are dropped with their end tags. It reports whether
// the HTML was cut (not merely flattened).
func boundHTML(s string, limit int) (string, bool) {
	if len(s) <= limit && strings.Count(s, "<") <= maxHTMLDepth {
		return s, false // too few tags to nest too deep
	}
	type open struct {
		name string
		kept bool
	}
	var (
		sb      strings.Builder
		stack   []open
		depth   int // kept elements open
		closing int // bytes of the end tags of kept open elements
		cut     bool
	)
	budget := limit - len(truncatedNote)
	sb.Grow(min(len(s), limit))
	z := html.NewTokenizer(strings.NewReader(s))
	for !cut {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			void := tt == html.SelfClosingTagToken || htmlkit.IsVoid(string(name))
			if !void && depth >= maxHTMLDepth {
				stack = append(stack, open{name: string(name)})
				continue
			}
			end := 0
			if !void {
				end = len(name) + 3
			}
			if sb.Len()+len(raw)+closing+end > budget {
				cut = true
				break
			}
			sb.Write(raw)
			if !void {
				stack = append(stack, open{name: string(name), kept: true})
				depth++
				closing += end
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			i := len(stack) - 1
			for i >= 0 && stack[i].name != string(name) {
				i--
			}
			if i < 0 {
				continue // a stray end tag
			}
			for len(stack) > i {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if top.kept {
					sb.WriteString("</" + top.name + ">")
					depth--
					closing -= len(top.name) + 3
				}
			}
		default: // text, comments (the sanitizer drops them), doctype
			if sb.Len()+len(raw)+closing > budget {
				sb.WriteString(cutText(string(raw), budget-sb.Len()-closing))
				cut = true
				break
			}
			sb.Write(raw)
		}
	}
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].kept {
			sb.WriteString("</" + stack[i].name + ">")
		}
	}
	if cut {
		sb.WriteString(truncatedNote)
	}
	return sb.String(), cut
}

// cutText returns at most n bytes of escaped text, never splitting a
// character or a character reference.
func cutText(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if n >= len(s) {
		return s
	}
	s = strings.ToValidUTF8(s[:n], "") // drops a character cut in two
	if amp := strings.LastIndexByte(s, '&'); amp >= 0 && !strings.Contains(s[amp:], ";") {
		s = s[:amp]
	}
	return s
}

// sanitizeBounded is s.Sanitize (s.SanitizeText when withText) with the story bounds: the fragment is cut
// to maxFragmentIn bytes and maxFragmentTags tags first, the result to
// MaxStoryHTML bytes and maxHTMLDepth levels. truncated reports a cut,
// which the HTML then ends with truncatedNote.
func sanitizeBounded(s *htmlkit.Sanitizer, fragment, base string, withText bool) (out, text string, truncated bool) {
	fragment, cutIn := boundFragment(fragment)
	if withText {
		out, text = s.SanitizeText(fragment, base)
	} else {
		out = s.Sanitize(fragment, base)
	}
	out, truncated = boundHTML(out, MaxStoryHTML)
	if cutIn && !truncated {
		if len(out)+len(truncatedNote) > MaxStoryHTML {
			out, _ = boundHTML(out, MaxStoryHTML-len(truncatedNote))
		}
		out, truncated = out+truncatedNote, true
	}
	return out, text, truncated
}

// isTruncated reports whether its stored HTML was cut by the story bounds.
func isTruncated(it *story.Item) bool {
	return strings.HasSuffix(it.SummaryHTML, truncatedNote) || strings.HasSuffix(it.ContentHTML, truncatedNote)
}
