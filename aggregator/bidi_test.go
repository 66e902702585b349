package aggregator

import "testing"

func TestTitlesLoseBidiOverrides(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Invoice \u202Egpj.exe\u202C attached", "Invoice gpj.exe attached"},
		{"\u2067مرحبا\u2069 world", "مرحبا world"},
		{"\u202Aembedded\u202C and \u202Boverridden\u202C", "embedded and overridden"},
		{"سلام \u200F(rtl mark) stays", "سلام \u200F(rtl mark) stays"},
		{"plain title", "plain title"},
	}
	for _, tt := range tests {
		if got := cleanTitle(tt.in); got != tt.want {
			t.Errorf("cleanTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
