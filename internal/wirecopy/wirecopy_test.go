package wirecopy

import "testing"

func TestClean(t *testing.T) {
	tests := []struct {
		name, agency, in, want string
	}{
		{"agency tag after place and date", "Northwind Wire Agency",
			"<p>MEXICO CITY, Dec 4 (Northwind) - Mexico's president said on Friday.</p><p>More text.</p>",
			"<p>MEXICO CITY, Dec 4 - Mexico's president said on Friday.</p><p>More text.</p>"},
		{"initials of the agency, em dash", "Global Press Service",
			"<p>MUMBAI (GPS) — Indian shares rose 1.2 pct.</p>",
			"<p>MUMBAI — Indian shares rose 1.2 pct.</p>"},
		{"listed agency", "Example Wire", "<p>BEIRUT, Nov 25 (Reuters) - Israeli strikes hit.</p>",
			"<p>BEIRUT, Nov 25 - Israeli strikes hit.</p>"},
		{"mixed-case place with a listed agency", "X", "<p>Beirut (AFP) - Lebanon said.</p>", "<p>Beirut - Lebanon said.</p>"},
		{"tag alone", "X", "<p>(AP) — The Senate voted.</p>", "<p>The Senate voted.</p>"},
		{"capitals place, unknown tag", "Meridian News",
			"<p>SANTA CLARA, Calif., April 14 (Baltic Wire) -</p><p>Shr 12 cts vs eight cts</p>",
			"<p>SANTA CLARA, Calif., April 14 -</p><p>Shr 12 cts vs eight cts</p>"},
		{"plain text summary", "Northwind Wire Agency", "TOKYO, Dec 4 (Northwind) - Japan's economy grew.",
			"TOKYO, Dec 4 - Japan's economy grew."},
		{"an acronym in prose stays", "Northwind Wire Agency",
			"<p>The European Union (EU) - a bloc of 27 nations - agreed.</p>",
			"<p>The European Union (EU) - a bloc of 27 nations - agreed.</p>"},
		{"a parenthesis later in the text stays", "Northwind Wire Agency",
			"<p>Shares of Acme (ACM) - a supplier - fell.</p>", "<p>Shares of Acme (ACM) - a supplier - fell.</p>"},
		{"copyright footer", "Meridian News",
			"<p>MUMBAI — Shares rose.</p><p>© 2026 Meridian News. All rights reserved.</p>",
			"<p>MUMBAI — Shares rose.</p>"},
		{"entity copyright and credit line", "Reuters",
			"<p>Talks resumed.</p><p>(Reporting by Sam Holmes; Editing by Toby Chopra)</p>\n<p>&copy; 2026 Reuters</p>",
			"<p>Talks resumed.</p>"},
		{"agency's notice", "AP",
			"<p>The Senate voted.</p><p>Copyright 2026 The Associated Press. All rights reserved. This material may not be published.</p>",
			"<p>The Senate voted.</p>"},
		{"sign-off line in plain text", "Reuters", "Net rose 12 pct.\nReuter", "Net rose 12 pct."},
		{"contributed line", "AP", "<p>Police said.</p><p><em>The Associated Press contributed to this report.</em></p>",
			"<p>Police said.</p>"},
		{"a story sentence about rights stays", "AP",
			"<p>The tribe sued.</p><p>He said all rights reserved to the tribe were violated.</p>",
			"<p>The tribe sued.</p><p>He said all rights reserved to the tribe were violated.</p>"},
		{"a story sentence naming the agency stays", "Reuters",
			"<p>The company sued.</p><p>Reuters reported the talks on Monday.</p>",
			"<p>The company sued.</p><p>Reuters reported the talks on Monday.</p>"},
		{"a story of one notice is kept", "AFP", "<p>© 2026 AFP</p>", "<p>© 2026 AFP</p>"},
		{"empty", "AFP", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in, tt.agency); got != tt.want {
				t.Errorf("Clean() =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func FuzzClean(f *testing.F) {
	f.Add("<p>MEXICO CITY, Dec 4 (Northwind) - Text.</p><p>© 2026 X</p>", "Northwind")
	f.Add("(AP) — x", "AP")
	f.Fuzz(func(t *testing.T, s, agency string) {
		out := Clean(s, agency)
		if len(out) > len(s) {
			t.Fatalf("Clean grew %q to %q", s, out)
		}
	})
}
