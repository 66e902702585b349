package config

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/story"
)

var searchKeys = []string{"slug", "title", "query", "public"}

func (d *decoder) searches(n *yaml.Node, a at) []Search {
	var out []Search
	for i, it := range d.seq(n, a, `[{slug: sanctions, query: '"sanctions" AND iran'}]`) {
		ea := at{path: a.index(i).path, entry: it.Line}
		if isNull(it) {
			d.add(it.Line, ea.path, "empty entry; expected slug: and query:")
			continue
		}
		f := d.fields(it, ea, searchKeys)
		if f == nil {
			continue
		}
		s := Search{Line: it.Line}
		if v, ok := f["slug"]; ok {
			s.Slug = d.str(v, ea.child("slug"))
		}
		if v, ok := f["title"]; ok {
			s.Title = d.str(v, ea.child("title"))
		}
		if v, ok := f["query"]; ok {
			s.Query = d.str(v, ea.child("query"))
		}
		if v, ok := f["public"]; ok {
			if b, ok := d.boolean(v, ea.child("public")); ok {
				s.Private = !b
			}
		}
		out = append(out, s)
	}
	return out
}

// searches checks every saved search: its slug shares the namespace of
// the categories (both are /feeds/{slug}.* and /c/{slug}), and its query
// must parse. It returns the saved searches' slugs.
func (v *validator) searches(categories map[string]bool) map[string]bool {
	slugs := map[string]bool{}
	first := map[string]int{}
	catLine := map[string]int{}
	for _, c := range v.c.Categories {
		if _, ok := catLine[c.Slug]; !ok {
			catLine[c.Slug] = c.Line
		}
	}
	for i, s := range v.c.Searches {
		ea := at{path: fmt.Sprintf("searches[%d]", i), entry: s.Line}
		switch {
		case s.Slug == "":
			v.bad(ea.child("slug"), "is required")
		case !slugRE.MatchString(s.Slug):
			v.bad(ea.child("slug"), "%q may contain only lower-case letters a-z, digits and hyphens", s.Slug)
		case s.Slug == story.All:
			v.bad(ea.child("slug"), "%q is reserved for the feed of every category", s.Slug)
		case categories[s.Slug]:
			v.bad(ea.child("slug"), "%q is already a category's (line %d); saved searches and categories share /feeds/{slug} and /c/{slug}", s.Slug, catLine[s.Slug])
		case slugs[s.Slug]:
			v.bad(ea.child("slug"), "duplicate saved search %q (first at line %d)", s.Slug, first[s.Slug])
		default:
			slugs[s.Slug] = true
			first[s.Slug] = s.Line
		}
		if s.Title == "" {
			v.bad(ea.child("title"), "must not be empty")
		}
		v.plain(ea.child("title"), s.Title)
		if strings.TrimSpace(s.Query) == "" {
			v.bad(ea.child("query"), `is required: the search, such as '"sanctions" AND (Iran OR Russia)'`)
		} else if _, err := query.Parse(s.Query); err != nil {
			v.bad(ea.child("query"), "%v", err)
		}
	}
	return slugs
}
