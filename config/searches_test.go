package config

import "testing"

func TestSavedSearches(t *testing.T) {
	c, err := Parse("f.yaml", []byte(`categories: [{slug: world}]
searches:
  - slug: sanctions
    title: Sanctions
    query: '"sanctions" AND (Iran OR Russia) NOT sport'
  - slug: opec
    query: opec*
    public: false
partners:
  - {name: gazette, token: gazette-0123456789abcdef, categories: [opec, world]}
`))
	if err != nil {
		t.Fatal(err)
	}
	want := []Search{
		{Slug: "sanctions", Title: "Sanctions", Query: `"sanctions" AND (Iran OR Russia) NOT sport`, Line: 3},
		{Slug: "opec", Title: "Opec", Query: "opec*", Private: true, Line: 6},
	}
	if len(c.Searches) != len(want) {
		t.Fatalf("searches = %+v", c.Searches)
	}
	for i := range want {
		if c.Searches[i] != want[i] {
			t.Errorf("searches[%d] = %+v, want %+v", i, c.Searches[i], want[i])
		}
	}
	if s, ok := c.Search("opec"); !ok || s.Query != "opec*" {
		t.Errorf("Search(opec) = %+v, %v", s, ok)
	}
}

func TestSavedSearchRules(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"unclosed quote", "searches:\n  - slug: s\n    query: '\"sanctions AND iran'\n",
			[]string{`f.yaml:3: searches[0].query: malformed search: a quotation mark is not closed`}},
		{"unbalanced parenthesis", "searches:\n  - {slug: s, query: '(iran OR russia'}\n",
			[]string{`f.yaml:2: searches[0].query: malformed search: a parenthesis is not closed`}},
		{"lone NOT", "searches:\n  - slug: s\n    query: NOT sport\n",
			[]string{`f.yaml:3: searches[0].query: malformed search: the search cannot start with "NOT"`}},
		{"missing query", "searches:\n  - slug: s\n",
			[]string{`f.yaml:2: searches[0].query: is required`}},
		{"slug of a category", "categories:\n  - slug: world\nsearches:\n  - slug: world\n    query: iran\n",
			[]string{`f.yaml:4: searches[0].slug: "world" is already a category's (line 2)`}},
		{"slug all", "searches:\n  - {slug: all, query: iran}\n",
			[]string{`f.yaml:2: searches[0].slug: "all" is reserved`}},
		{"duplicate slug", "searches:\n  - {slug: s, query: iran}\n  - {slug: s, query: iraq}\n",
			[]string{`f.yaml:3: searches[1].slug: duplicate saved search "s" (first at line 2)`}},
		{"bad slug", "searches:\n  - {slug: Iran Deal, query: iran}\n",
			[]string{`f.yaml:2: searches[0].slug: "Iran Deal" may contain only`}},
		{"unknown key", "searches:\n  - slug: s\n    qeury: iran\n",
			[]string{`f.yaml:2: searches[0].query: is required`, `f.yaml:3: searches[0].qeury: unknown key (did you mean "query"?)`}},
		{"markup in title", "searches:\n  - {slug: s, title: '<b>S</b>', query: iran}\n",
			[]string{`f.yaml:2: searches[0].title: "<b>S</b>" looks like HTML markup`}},
		{"partner granted an unknown search", "searches:\n  - {slug: s, query: iran}\npartners:\n  - {name: g, token: gazette-0123456789abcdef, categories: [t]}\n",
			[]string{`f.yaml:4: partners[0].categories[0]: unknown category "t"`}},
		{"searches not a list", "searches: {slug: s}\n",
			[]string{`f.yaml:1: searches: expected a list`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("f.yaml", []byte(tt.in))
			if c != nil {
				t.Error("got a config alongside errors")
			}
			wantErrors(t, err, tt.want...)
		})
	}
}
