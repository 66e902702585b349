package feed

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
)

// TestHostileDocumentShape: documents nested too deep or holding too many
// elements are refused before gofeed builds anything, at a small cost;
// a 20,000-item archive is not. Issue 12, item 2.
func TestHostileDocumentShape(t *testing.T) {
	deepJSON := `{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[{"id":"1","x":` +
		strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + `}]}`
	wide := `<?xml version="1.0"?><rss version="2.0"><channel><title>w</title><item><description>` +
		strings.Repeat("<b/>", 300_000) + `</description></item></channel></rss>`
	for _, tc := range []struct {
		name, body, want string
	}{
		{"1.5 M nested XML elements", string(upstreamtest.NestedXML(1_500_000)), "nested deeper than 256"},
		{"300,000 empty elements", wide, "more than 250000 elements"},
		{"JSON nested 100,000 deep", deepJSON, "nested deeper than 256"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := Parse([]byte(tc.body), "", "https://hostile.example/feed")
			runtime.ReadMemStats(&after)
			if !errors.Is(err, ErrTooComplex) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Parse = %v, want ErrTooComplex saying %q", err, tc.want)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4*uint64(len(tc.body))+(1<<20) {
				t.Errorf("refusing a %d MB document allocated %d MB", len(tc.body)>>20, alloc>>20)
			}
		})
	}
	if err := checkShape(upstreamtest.Feed(20000, "rss")); err != nil {
		t.Errorf("a 20,000-item archive: %v", err)
	}
}

// TestHostileErrorsNeverQuoteBodies: whatever a body holds, the parse
// error shown on /status says what it looks like, never what it says.
// Issue 12, item 4.
func TestHostileErrorsNeverQuoteBodies(t *testing.T) {
	failed := 0
	for _, body := range []string{
		"SECRET plain text that is not a feed",
		"\x00\x01SECRET binary",
		`<?xml version="1.0"?><SECRET><x/></SECRET>`,
		`<rss version="2.0"><channel><SECRET></WRONG></channel></rss>`,
		`<rss version="2.0"><channel><title>t</title><item><title SECRET=1>x</title></item>` + "\x00",
		`{"version":"https://jsonfeed.org/version/1.1","items":[SECRET]}`,
		`{"version":"https://jsonfeed.org/version/1.1","title":{"SECRET":1}}`,
	} {
		_, err := Parse([]byte(body), "", "https://example.org/feed")
		if err == nil {
			continue // a broken XML feed may be recovered
		}
		failed++
		if strings.Contains(err.Error(), "SECRET") || strings.Contains(err.Error(), "WRONG") {
			t.Errorf("error quotes the body: %v", err)
		}
	}
	if failed < 5 {
		t.Errorf("only %d bodies failed to parse; the test lost its cases", failed)
	}
}
