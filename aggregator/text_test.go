package aggregator

import "testing"

func TestPlainText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "  just   text ", "just text"},
		{"tags", "<p>One <b>two</b></p><p>three</p>", "One two three"},
		{"entities", "AT&amp;T &lt;b&gt; caf&eacute; &#8364;5 &nbsp;x", "AT&T <b> café €5 x"},
		{"script and style dropped", "a<script>var x = '<p>';</script>b<style>p{}</style>c", "a b c"},
		{"object fallback text kept", `safe<object classid="x"> description`, "safe description"},
		{"br separates", "line<br>next", "line next"},
		{"unicode spaces", "a\u00a0\u2003b\u200bc\n\td", "a b c d"},
		{"unclosed", "<p>open <i>italic", "open italic"},
		{"comment", "a<!-- hidden -->b", "ab"},
		{"inline tags join", "W<b>or</b>d <span>x</span>y", "Word xy"},
		{"less than", "1 < 2", "1 < 2"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PlainText(tt.in); got != tt.want {
				t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNeutralizeTags(t *testing.T) {
	tests := []struct{ in, want string }{
		{"no tags", "no tags"},
		{"1 < 2 <= 3", "1 < 2 <= 3"},
		{"<script>", "‹script>"},
		{"</b>", "‹/b>"},
		{"<!--", "‹!--"},
		{"<?php", "‹?php"},
		{"<é", "‹é"},
		{"trailing <", "trailing <"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := neutralizeTags(tt.in); got != tt.want {
				t.Errorf("neutralizeTags(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
