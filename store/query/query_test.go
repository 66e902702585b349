package query

import (
	"errors"
	"strings"
	"testing"
)

func TestParseFTS5(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"oil", `"oil"`},
		{"oil prices", `("oil" AND "prices")`},
		{"oil AND prices", `("oil" AND "prices")`},
		{"oil OR gas", `("oil" OR "gas")`},
		{"oil NOT gas", `("oil" NOT "gas")`},
		{`"crude oil"`, `"crude oil"`},
		{"opec*", `"opec" *`},
		{"oil OR gas NOT coal", `("oil" OR ("gas" NOT "coal"))`},
		{"a b OR c", `(("a" AND "b") OR "c")`},
		{"(oil OR gas) prices", `(("oil" OR "gas") AND "prices")`},
		{"U.S. sanctions", `("U S" AND "sanctions")`},
		{"Beyrouth été", `("Beyrouth" AND "été")`},
		{"and or not", `(("and" AND "or") AND "not")`}, // lower case is text
		// hostile input: FTS5 syntax is re-quoted, never passed through
		{`title:oil`, `"title oil"`},
		{`NEAR(a b)`, `("NEAR" AND ("a" AND "b"))`},
		{`^oil +gas`, `("oil" AND "gas")`},
		{`oil"; DROP TABLE items; --"`, `("oil" AND "DROP TABLE items")`},
		{`'oil'`, `"oil"`},
		{`{title}:x`, `"title x"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got := q.FTS5(); got != tt.want {
				t.Errorf("Parse(%q).FTS5() = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", "empty"},
		{"   ", "empty"},
		{`"oil`, "quotation mark is not closed"},
		{"(oil", "parenthesis is not closed"},
		{"oil)", "closing parenthesis has no opening"},
		{"()", "encloses nothing"},
		{"NOT oil", "cannot start with"},
		{"oil AND", `"AND" needs a word after it`},
		{"oil OR OR gas", `cannot follow`},
		{"o*il", "* may only end a word"},
		{"oil**", "* may only end a word"},
		{"*", "has no letters or digits"},
		{`"!!!"`, "has no letters or digits"},
		{"U.S*", "a prefix is one word"},
		{strings.Repeat("(", 20) + "oil" + strings.Repeat(")", 20), "nested deeper"},
		{strings.Repeat("w ", 40), "more than 32 words"},
		{strings.Repeat("x", MaxLen+1), "longer than"},
		{"oil \xff", "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = nil error, want %q", tt.in, tt.want)
			}
			if !errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%q) = %v, want ErrSyntax with %q", tt.in, err, tt.want)
			}
		})
	}
}

// FuzzParse checks that whatever a user types, Parse either refuses it
// with ErrSyntax or yields an expression built only from quoted words.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"oil", `"a b" OR c*`, "(a NOT b) c", `x"y`, "NEAR(a b, 2)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			if !errors.Is(err, ErrSyntax) {
				t.Fatalf("Parse(%q): error %v does not wrap ErrSyntax", s, err)
			}
			return
		}
		// Outside quoted strings only operators, parentheses, * and spaces.
		out := q.FTS5()
		in := false
		var rest strings.Builder
		for i := 0; i < len(out); i++ {
			if out[i] == '"' {
				if in && i+1 < len(out) && out[i+1] == '"' {
					i++
					continue
				}
				in = !in
				continue
			}
			if !in {
				rest.WriteByte(out[i])
			}
		}
		for _, f := range strings.Fields(strings.NewReplacer("(", " ", ")", " ").Replace(rest.String())) {
			if f != "AND" && f != "OR" && f != "NOT" && f != "*" {
				t.Fatalf("Parse(%q).FTS5() = %s: %q outside quotes", s, out, f)
			}
		}
	})
}

func TestTerms(t *testing.T) {
	q, err := Parse(`"crude oil" OR opec* NOT (gas OR coal) Beyrouth`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tm := range q.Terms() {
		s := strings.Join(tm.Words, " ")
		if tm.Prefix {
			s += "*"
		}
		got = append(got, s)
	}
	if want := []string{"crude oil", "opec*", "Beyrouth"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Terms = %q, want %q (excluded words left out)", got, want)
	}
	if len(Query{}.Terms()) != 0 {
		t.Error("the zero Query has terms")
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{"Été": "ete", "BEYROUTH": "beyrouth", "Ünïcödé": "unicode", "القاهرة": "القاهرة"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
