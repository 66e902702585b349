package main

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// story is one hand-written base story with its hand-written variants.
type story struct {
	ID, Domain, City, Country, Title, Alt, NegOf string
	Paras                                        []string
	Hand                                         []story
	Line                                         int
}

// parseStories reads the format described at the top of stories.txt.
func parseStories(src []byte) ([]story, error) {
	var out []story
	var cur *story // story or hand variant being filled
	header := false
	var para []string
	endPara := func() {
		if cur != nil && len(para) > 0 {
			cur.Paras = append(cur.Paras, strings.Join(para, " "))
		}
		para = nil
	}
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), " \t")
		switch {
		case strings.HasPrefix(line, "#") && cur == nil:
		case strings.HasPrefix(line, "=== "):
			endPara()
			out = append(out, story{ID: strings.TrimSpace(line[4:]), Line: n})
			cur, header = &out[len(out)-1], true
		case line == "--- hand":
			endPara()
			if len(out) == 0 {
				return nil, fmt.Errorf("line %d: hand variant before any story", n)
			}
			base := &out[len(out)-1]
			base.Hand = append(base.Hand, story{ID: fmt.Sprintf("%s/hand%d", base.ID, len(base.Hand)+1), Line: n})
			cur, header = &base.Hand[len(base.Hand)-1], true
		case cur == nil:
		case header && line == "":
			header = false
		case header:
			key, val, ok := strings.Cut(line, ":")
			if !ok {
				return nil, fmt.Errorf("line %d: header %q has no colon", n, line)
			}
			if err := cur.set(strings.TrimSpace(key), strings.TrimSpace(val)); err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
		case line == "":
			endPara()
		default:
			para = append(para, line)
		}
	}
	endPara()
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("scan: %w", err)
	}
	for _, s := range out {
		if s.Title == "" || len(s.Paras) == 0 {
			return nil, fmt.Errorf("line %d: story %s needs a title and a body", s.Line, s.ID)
		}
	}
	return out, nil
}

func (s *story) set(key, val string) error {
	switch key {
	case "domain":
		s.Domain = val
	case "place":
		city, country, _ := strings.Cut(val, "|")
		s.City, s.Country = strings.TrimSpace(city), strings.TrimSpace(country)
	case "title":
		s.Title = val
	case "alt":
		s.Alt = val
	case "negof":
		s.NegOf = val
	default:
		return fmt.Errorf("unknown header %q", key)
	}
	return nil
}

// storyItems turns the stories into base, variant and distinct items.
func storyItems(stories []story, split string) []Item {
	var out []Item
	for _, s := range stories {
		role := "base"
		if s.NegOf != "" {
			role = "distinct"
		}
		out = append(out, Item{ID: s.ID, Cluster: s.ID, Role: role, Split: split, Neg: s.NegOf,
			Title: s.Title, Body: strings.Join(s.Paras, "\n")})
		if s.NegOf != "" {
			continue
		}
		for _, h := range s.Hand {
			out = append(out, Item{ID: h.ID, Cluster: s.ID, Role: "variant", Split: split,
				Edits: "hand", Title: h.Title, Body: strings.Join(h.Paras, "\n")})
		}
		out = append(out, variants(s, split)...)
	}
	return out
}
