package upstreamtest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/text/encoding/charmap"
)

// get fetches path with a plain client that neither follows redirects nor
// decompresses, so the test sees exactly what the scenario sent.
func get(t *testing.T, s *Server, path string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL(path), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	c := &http.Client{
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return resp, body
}

func TestFeedFormats(t *testing.T) {
	for _, format := range []string{"rss", "atom", "json"} {
		t.Run(format, func(t *testing.T) {
			raw := Feed(4, format)
			if !bytes.Equal(raw, Feed(4, format)) {
				t.Fatal("Feed is not deterministic")
			}
			feed, err := gofeed.NewParser().Parse(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("parse: %v\n%s", err, raw)
			}
			if feed.FeedType != format || len(feed.Items) != 4 {
				t.Fatalf("type %q with %d items", feed.FeedType, len(feed.Items))
			}
			for i, it := range feed.Items {
				want := StoryAt(i)
				if it.GUID != want.GUID || it.Link != want.Link || it.Title != want.Title {
					t.Errorf("item %d = %q %q %q, want %+v", i, it.GUID, it.Link, it.Title, want)
				}
				if it.PublishedParsed == nil || !it.PublishedParsed.Equal(want.Published) {
					t.Errorf("item %d published %v, want %v", i, it.PublishedParsed, want.Published)
				}
			}
		})
	}
}

func TestOKConditional(t *testing.T) {
	s := New(t)
	s.Handle("/feed", FeedScenario(2, "atom"))
	resp, body := get(t, s, "/feed")
	etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if resp.StatusCode != 200 || etag == "" || lm != Epoch().Format(http.TimeFormat) || len(body) == 0 {
		t.Fatalf("first: %d etag %q lm %q", resp.StatusCode, etag, lm)
	}
	for _, h := range [][]string{{"If-None-Match", etag}, {"If-Modified-Since", lm}} {
		if resp, _ := get(t, s, "/feed", h...); resp.StatusCode != http.StatusNotModified {
			t.Errorf("%s: status %d, want 304", h[0], resp.StatusCode)
		}
	}
	if resp, _ := get(t, s, "/feed", "If-None-Match", `"other"`); resp.StatusCode != 200 {
		t.Errorf("stale etag: status %d, want 200", resp.StatusCode)
	}
	if got := s.Hits("/feed"); got != 4 {
		t.Errorf("hits = %d, want 4", got)
	}
	if got := s.LastHeader("/feed").Get("If-None-Match"); got != `"other"` {
		t.Errorf("LastHeader If-None-Match = %q", got)
	}
	if resp, _ := get(t, s, "/nowhere"); resp.StatusCode != 404 {
		t.Errorf("unregistered path: %d", resp.StatusCode)
	}
}

func TestStatusScenarios(t *testing.T) {
	s := New(t)
	when := time.Date(2030, time.June, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		sc            Scenario
		status        int
		header, value string
	}{
		{Status(410), 410, "", ""},
		{RetryAfterSeconds(90), 429, "Retry-After", "90"},
		{RetryAfterDate(when), 503, "Retry-After", "Sat, 01 Jun 2030 00:00:00 GMT"},
		{RedirectTo("/elsewhere", 308), 308, "Location", "/elsewhere"},
		{RedirectLoop(), 302, "Location", "/p4?hop=1"},
		{WithHeader(Status(200), "Cache-Control", "max-age=60"), 200, "Cache-Control", "max-age=60"},
	}
	for i, tc := range tests {
		path := "/p" + string(rune('0'+i))
		t.Run(path, func(t *testing.T) {
			s.Handle(path, tc.sc)
			resp, _ := get(t, s, path)
			if resp.StatusCode != tc.status || resp.Header.Get(tc.header) != tc.value {
				t.Fatalf("status %d %s=%q, want %d %q", resp.StatusCode, tc.header, resp.Header.Get(tc.header), tc.status, tc.value)
			}
		})
	}
	t.Run("sequence", func(t *testing.T) {
		s.Handle("/seq", Sequence(Status(503), Status(500), Status(204)))
		var got []int
		for range 4 {
			resp, _ := get(t, s, "/seq")
			got = append(got, resp.StatusCode)
		}
		if want := []int{503, 500, 204, 204}; !slices.Equal(got, want) {
			t.Fatalf("statuses %v, want %v", got, want)
		}
	})
}

func TestGzipBombExpandsExactly(t *testing.T) {
	s := New(t)
	const expanded = 1<<20 + 7
	s.Handle("/bomb", GzipBomb(expanded))
	resp, wire := get(t, s, "/bomb")
	if resp.Header.Get("Content-Encoding") != "gzip" || len(wire) > expanded/100 {
		t.Fatalf("encoding %q, %d bytes on the wire", resp.Header.Get("Content-Encoding"), len(wire))
	}
	zr, err := gzip.NewReader(bytes.NewReader(wire))
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, zr)
	if err != nil || n != expanded {
		t.Fatalf("expanded to %d bytes (err %v), want %d", n, err, expanded)
	}
}

func TestTruncatedCutsTheBody(t *testing.T) {
	s := New(t)
	s.Handle("/cut", Truncated())
	resp, err := http.Get(s.URL("/cut"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.ReadAll(resp.Body); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("read = %v, want io.ErrUnexpectedEOF", err)
	}
}

// TestCloseEndsHangingScenarios proves that Close does not wait for clients
// that never give up: a leaked handler would make Close block forever.
func TestCloseEndsHangingScenarios(t *testing.T) {
	s := New(t)
	s.Handle("/hang", HeaderTimeout())
	s.Handle("/endless", EndlessBody())
	done := make(chan error, 2)
	for _, path := range []string{"/hang", "/endless"} {
		go func() {
			resp, err := http.Get(s.URL(path))
			if err == nil {
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			done <- err
		}()
		<-s.Arrivals()
	}
	s.Close()
	for range 2 {
		if err := <-done; err == nil {
			t.Error("a hanging request completed cleanly; want a cut connection")
		}
	}
}

func TestFaultFixtures(t *testing.T) {
	s := New(t)
	fixture := func(sc Scenario) []byte {
		t.Helper()
		s.Handle("/f", sc)
		_, body := get(t, s, "/f")
		return body
	}
	if b := fixture(InvalidUTF8()); utf8.Valid(b) {
		t.Error("InvalidUTF8 is valid UTF-8")
	}
	u16 := fixture(UTF16Feed())
	units := make([]uint16, len(u16)/2)
	for i := range units {
		units[i] = uint16(u16[2*i]) | uint16(u16[2*i+1])<<8
	}
	if doc := string(utf16.Decode(units)); !strings.HasPrefix(doc, "\ufeff<?xml") || !strings.Contains(doc, CharsetTitle) {
		t.Errorf("UTF16Feed does not decode to a feed titled %q", CharsetTitle)
	}
	cp, err := charmap.Windows1252.NewDecoder().Bytes(fixture(WrongCharset()))
	if err != nil || !strings.Contains(string(cp), CharsetTitle) {
		t.Errorf("WrongCharset does not decode as windows-1252 (err %v)", err)
	}
	if b := fixture(BillionLaughs()); len(b) > 4096 || !bytes.Contains(b, []byte("<!ENTITY lol9")) {
		t.Errorf("BillionLaughs: %d bytes", len(b))
	}
	if b := fixture(HugeTitle(1 << 20)); len(b) < 1<<20 {
		t.Errorf("HugeTitle: %d bytes", len(b))
	}
	if b := fixture(Empty200()); len(b) != 0 {
		t.Errorf("Empty200: %d bytes", len(b))
	}
	parsed := func(sc Scenario) *gofeed.Feed {
		t.Helper()
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(fixture(sc)))
		if err != nil {
			t.Fatal(err)
		}
		return feed
	}
	if f := parsed(DuplicateGUIDs()); len(f.Items) != 3 || f.Items[2].GUID != DuplicateGUID {
		t.Errorf("DuplicateGUIDs: %+v", f.Items)
	}
	if f := parsed(NoTitleLinkGUID()); f.Items[0].GUID != "" || f.Items[0].Title != "" || f.Items[0].Link != "" {
		t.Errorf("NoTitleLinkGUID has keys: %+v", f.Items[0])
	}
	if f := parsed(FarDates()); f.Items[0].PublishedParsed.Year() != 2999 || f.Items[1].PublishedParsed.Year() != 1970 {
		t.Errorf("FarDates: %v %v", f.Items[0].PublishedParsed, f.Items[1].PublishedParsed)
	}
	if b := fixture(WithTTL(2, 45)); !bytes.Contains(b, []byte("<ttl>45</ttl>")) {
		t.Errorf("WithTTL: no <ttl>: %s", b)
	}
	if b := fixture(HTMLPage()); !bytes.Contains(b, []byte(`rel="alternate" type="application/rss+xml"`)) {
		t.Errorf("HTMLPage: no feed link: %s", b)
	}
	if f := parsed(ManyItems(500)); len(f.Items) != 500 {
		t.Errorf("ManyItems: %d", len(f.Items))
	}
}
