package query

import "testing"

func TestParseTSQuery(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"oil", `'oil'`},
		{"Oil prices", `('oil' & 'prices')`},
		{"oil OR gas", `('oil' | 'gas')`},
		{"oil NOT gas", `('oil' & !'gas')`},
		{`"crude oil"`, `('crude' <-> 'oil')`},
		{"opec*", `'opec':*`},
		{"oil OR gas NOT coal", `('oil' | ('gas' & !'coal'))`},
		{"(oil OR gas) prices", `(('oil' | 'gas') & 'prices')`},
		{"Beyrouth Été", `('beyrouth' & 'ete')`},
		// hostile input: tsquery syntax is quoted, never passed through
		{`'oil'`, `'oil'`},
		{`oil:* !gas`, `('oil':* & 'gas')`},
		{`oil"; DROP TABLE items; --"`, `('oil' & ('drop' <-> 'table' <-> 'items'))`},
		{`a\b`, `('a' <-> 'b')`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got := q.TSQuery(); got != tt.want {
				t.Errorf("Parse(%q).TSQuery() = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestIndexTextFoldsAsTheQuery(t *testing.T) {
	got := IndexText("Beyrouth: l'Été", "<p>CAFÉ crème</p>")
	want := "beyrouth l ete p cafe creme p"
	if got != want {
		t.Fatalf("IndexText = %q, want %q", got, want)
	}
}
