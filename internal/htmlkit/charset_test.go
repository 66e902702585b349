package htmlkit

import (
	"bytes"
	"testing"
)

func TestToUTF8RewritesDeclaration(t *testing.T) {
	in := []byte("<?xml version=\"1.0\" encoding='ISO-8859-1' standalone=\"yes\"?><rss>caf\xe9</rss>")
	out, err := ToUTF8(in, "")
	if err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding='utf-8' standalone="yes"?><rss>café</rss>`
	if string(out) != want {
		t.Errorf("ToUTF8 = %q, want %q", out, want)
	}
}

func TestStripForbidden(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"clean", "<a>x\ty\r\nz</a>", "<a>x\ty\r\nz</a>"},
		{"raw controls", "<a>x\x00y\x01z\x1f\x7f</a>", "<a>xyz</a>"},
		{"raw C1 controls", "<a>x\u0080y\u0085z\u009f\u00a0</a>", "<a>xyz\u00a0</a>"},
		{"C1 refs", "<a>&#127;&#x80;&#133;&#x9F;&#160;</a>", "<a>&#160;</a>"},
		{"noncharacters", "<a>x\uFFFEy\uFFFFz</a>", "<a>xyz</a>"},
		{"decimal refs", "<a>x&#0;y&#8;z&#9;&#65;</a>", "<a>xyz&#9;&#65;</a>"},
		{"hex refs", "<a>&#x0;&#X1F;&#xD800;&#xFFFE;&#x20AC;</a>", "<a>&#x20AC;</a>"},
		{"not refs", "<a>&#;&#x;&#12345678901234;&amp;&#65</a>", "<a>&#;&#x;&#12345678901234;&amp;&#65</a>"},
		{"astral kept", "<a>😀&#x1F600;</a>", "<a>😀&#x1F600;</a>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(stripForbidden([]byte(tt.in))); got != tt.want {
				t.Errorf("stripForbidden(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestStripForbiddenNoCopy checks that a clean document, and one whose
// numeric references are all allowed (feeds are full of &#8217;), costs
// no copy.
func TestStripForbiddenNoCopy(t *testing.T) {
	if !bytes.Equal(stripForbidden([]byte("ok")), []byte("ok")) {
		t.Error("clean input changed")
	}
	in := []byte("<a>it&#8217;s &#x20AC;5 &#38; &#65; café Zürich €</a>")
	if out := stripForbidden(in); &out[0] != &in[0] || !bytes.Equal(out, in) {
		t.Errorf("stripForbidden copied or changed a document with only allowed references: %q", out)
	}
}

// TestXMLChar pins which characters pass: XML 1.0 §2.2 Chars less the
// C0 and C1 controls (the W3C feed validator warns on C1, and HTML calls
// them parse errors).
func TestXMLChar(t *testing.T) {
	for _, tt := range []struct {
		r    rune
		want bool
	}{
		{'\t', true}, {'\n', true}, {'\r', true}, {' ', true}, {'~', true},
		{0x00, false}, {0x08, false}, {0x0B, false}, {0x1F, false},
		{0x7F, false}, {0x80, false}, {0x85, false}, {0x9F, false},
		{0xA0, true}, {'é', true}, {0xD7FF, true},
		{0xD800, false}, {0xDFFF, false},
		{0xE000, true}, {0xFFFD, true}, {0xFFFE, false}, {0xFFFF, false},
		{0x10000, true}, {0x1F600, true}, {0x10FFFF, true}, {0x110000, false}, {-1, false},
	} {
		if got := XMLChar(tt.r); got != tt.want {
			t.Errorf("XMLChar(%U) = %v, want %v", tt.r, got, tt.want)
		}
	}
}

// TestCleanXMLCharsAgrees holds the byte-level fast check to XMLChar.
func TestCleanXMLCharsAgrees(t *testing.T) {
	for _, r := range []rune{0, 0x1F, 0x7F, 0x80, 0x85, 0x9F, 0xA0, 0xFFFE, 0xFFFF, 'a', '\t', 0x10000} {
		b := []byte("<a>" + string(r) + "</a>")
		if got := cleanXMLChars(b); got != XMLChar(r) {
			t.Errorf("cleanXMLChars(%U) = %v, XMLChar says %v", r, got, XMLChar(r))
		}
	}
}
