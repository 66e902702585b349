package feed

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// charsetFeed is an RSS document whose title holds non-ASCII text; %s is
// the encoding named by its XML declaration.
func charsetFeed(decl string) string {
	prolog := `<?xml version="1.0"?>`
	if decl != "" {
		prolog = `<?xml version="1.0" encoding="` + decl + `"?>`
	}
	return prolog + "\n" + `<rss version="2.0"><channel><title>Café Zürich – «news»</title>` +
		`<item><title>Ärger in Köln</title><link>https://example.org/a</link></item></channel></rss>`
}

// encode encodes s with enc, failing the test on error.
func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return b
}

func TestParseCharsets(t *testing.T) {
	const wantTitle, wantItem = "Café Zürich – «news»", "Ärger in Köln"
	latin1Title, latin1Item := "Café Zürich - «news»", wantItem
	tests := []struct {
		name        string
		body        func(t *testing.T) []byte
		contentType string
		title, item string
	}{
		{"utf-8 plain", func(t *testing.T) []byte { return []byte(charsetFeed("")) }, "", wantTitle, wantItem},
		{"utf-8 bom", func(t *testing.T) []byte {
			return append([]byte{0xEF, 0xBB, 0xBF}, charsetFeed("utf-8")...)
		}, "", wantTitle, wantItem},
		{"utf-16le bom", func(t *testing.T) []byte {
			return encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), charsetFeed("utf-16"))
		}, "", wantTitle, wantItem},
		{"utf-16be bom", func(t *testing.T) []byte {
			return encode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), charsetFeed("UTF-16"))
		}, "", wantTitle, wantItem},
		{"utf-16le no bom", func(t *testing.T) []byte {
			return encode(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), charsetFeed("utf-16"))
		}, "", wantTitle, wantItem},
		{"utf-16be no bom", func(t *testing.T) []byte {
			return encode(t, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), charsetFeed("utf-16"))
		}, "", wantTitle, wantItem},
		{"utf-32le bom", func(t *testing.T) []byte {
			return encode(t, utf32.UTF32(utf32.LittleEndian, utf32.UseBOM), charsetFeed("utf-32"))
		}, "", wantTitle, wantItem},
		{"utf-32be bom", func(t *testing.T) []byte {
			return encode(t, utf32.UTF32(utf32.BigEndian, utf32.UseBOM), charsetFeed(""))
		}, "", wantTitle, wantItem},
		{"iso-8859-1 labelled in prolog", func(t *testing.T) []byte {
			return encode(t, charmap.ISO8859_1, strings.ReplaceAll(charsetFeed("ISO-8859-1"), "–", "-"))
		}, "", latin1Title, latin1Item},
		{"iso-8859-1 labelled in content-type", func(t *testing.T) []byte {
			return encode(t, charmap.ISO8859_1, strings.ReplaceAll(charsetFeed(""), "–", "-"))
		}, "application/rss+xml; charset=iso-8859-1", latin1Title, latin1Item},
		{"windows-1252 labelled", func(t *testing.T) []byte {
			return encode(t, charmap.Windows1252, charsetFeed("windows-1252"))
		}, "", wantTitle, wantItem},
		{"utf-8 labelled iso-8859-1 in prolog", func(t *testing.T) []byte {
			return []byte(charsetFeed("ISO-8859-1"))
		}, "", wantTitle, wantItem},
		{"utf-8 labelled iso-8859-1 in content-type", func(t *testing.T) []byte {
			return []byte(charsetFeed(""))
		}, "text/xml; charset=ISO-8859-1", wantTitle, wantItem},
		{"windows-1252 labelled utf-8", func(t *testing.T) []byte {
			return encode(t, charmap.Windows1252, charsetFeed("utf-8"))
		}, "", wantTitle, wantItem},
		{"windows-1252 unlabelled", func(t *testing.T) []byte {
			return encode(t, charmap.Windows1252, charsetFeed(""))
		}, "text/xml", wantTitle, wantItem},
		{"content-type beats prolog", func(t *testing.T) []byte {
			return encode(t, charmap.Windows1252, charsetFeed("koi8-r"))
		}, "text/xml; charset=windows-1252", wantTitle, wantItem},
		{"shift_jis labelled", func(t *testing.T) []byte {
			return encode(t, japanese.ShiftJIS, strings.NewReplacer("Café Zürich – «news»", "東京ニュース", "Ärger in Köln", "地震").Replace(charsetFeed("Shift_JIS")))
		}, "", "東京ニュース", "地震"},
		{"utf-8 with a pasted latin-1 byte", func(t *testing.T) []byte {
			return []byte(strings.Replace(charsetFeed("utf-8"), "Köln", "K\xf6ln", 1))
		}, "", wantTitle, wantItem},
		{"utf-8 bom with invalid bytes", func(t *testing.T) []byte {
			return append([]byte{0xEF, 0xBB, 0xBF}, strings.Replace(charsetFeed(""), "Café", "Caf\xe9", 1)...)
		}, "", wantTitle, wantItem},
		{"latin-1 with an accidental utf-8 pair stays latin-1", func(t *testing.T) []byte {
			return encode(t, charmap.Windows1252, strings.Replace(charsetFeed(""), "news", "Ã©", 1))
		}, "", "Café Zürich – «Ã©»", wantItem},
		{"unknown label, utf-8 bytes", func(t *testing.T) []byte {
			return []byte(charsetFeed("x-no-such-charset"))
		}, "", wantTitle, wantItem},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(tt.body(t), tt.contentType, "https://example.org/feed")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if doc.Title != tt.title {
				t.Errorf("feed title = %q, want %q", doc.Title, tt.title)
			}
			if len(doc.Entries) != 1 || doc.Entries[0].Title != tt.item {
				t.Errorf("items = %+v, want one titled %q", doc.Entries, tt.item)
			}
		})
	}
}

func TestToUTF8XML11(t *testing.T) {
	body := "<?xml version=\"1.1\" encoding=\"iso-8859-1\"?>\n<rss version=\"2.0\"><channel><title>Caf\xe9\x01</title></channel></rss>"
	doc, err := Parse([]byte(body), "", "https://example.org/feed")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if doc.Title != "Café" {
		t.Errorf("Title = %q, want %q", doc.Title, "Café")
	}
}

func TestParseForbiddenCharacters(t *testing.T) {
	body := "<rss version=\"2.0\"><channel><title>a\x0bb</title><item><title>x&#0;y&#x1;z</title>" +
		"<link>https://example.org/a</link></item></channel></rss>"
	doc, err := Parse([]byte(body), "", "https://example.org/feed")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if doc.Title != "ab" || doc.Entries[0].Title != "xyz" {
		t.Errorf("titles %q, %q; want %q, %q", doc.Title, doc.Entries[0].Title, "ab", "xyz")
	}
}

func TestParseLongProlog(t *testing.T) {
	body := `<?xml version="1.0"?>` + "\n<!-- " + strings.Repeat("padding ", 1000) + "-->\n" +
		`<rss version="2.0"><channel><title>late root</title><item><title>a</title><link>https://example.org/a</link></item></channel></rss>`
	doc, err := Parse([]byte(body), "", "https://example.org/feed")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if doc.Title != "late root" || len(doc.Entries) != 1 {
		t.Errorf("got title %q, %d items", doc.Title, len(doc.Entries))
	}
}

func TestParseDoctypeBeforeRoot(t *testing.T) {
	// An XHTML doctype in front of an RSS root (seen in the feedparser
	// corpus) does not make the document an HTML page.
	body := `<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://site.invalid/">` +
		`<rss><channel><title>found</title></channel></rss>`
	doc, err := Parse([]byte(body), "", "https://example.org/feed")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if doc.Title != "found" {
		t.Errorf("Title = %q, want %q", doc.Title, "found")
	}
}
