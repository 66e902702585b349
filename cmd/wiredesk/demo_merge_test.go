package main

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/aggregator/dedupe"
	"github.com/wiredesk/wiredesk/internal/htmlkit"
)

// TestDemoCarriersMerge renders every demo story carried by several
// agencies in each agency's house style (dateline tag, pct/percent,
// copyright footer, trimmed paragraph) and checks that the near-duplicate
// matcher merges every pair, so that the demo lists each story once with
// its other carriers.
func TestDemoCarriersMerge(t *testing.T) {
	var stories []demoStory
	if err := json.Unmarshal(demoStories, &stories); err != nil {
		t.Fatalf("demo stories: %v", err)
	}
	pub := time.Date(2026, 12, 4, 19, 19, 0, 0, time.UTC)
	m := dedupe.NewMatcher(0)
	multi := 0
	for _, st := range stories {
		type copyOf struct {
			agency, title string
			sig           dedupe.Signature
		}
		var copies []copyOf
		for _, a := range demoAgencies {
			if !carries(st, a.code) {
				continue
			}
			title, html := agencyStyle(a, st, pub)
			copies = append(copies, copyOf{a.code, title, dedupe.Sign(title, htmlkit.PlainText(html))})
		}
		if len(copies) < 2 {
			continue
		}
		multi++
		for i := range copies {
			for j := i + 1; j < len(copies); j++ {
				a, b := copies[i], copies[j]
				if sc := m.Decide(a.title, b.title, a.sig, b.sig); !sc.Duplicate {
					t.Errorf("%q: %s and %s copies not merged: %+v", st.Title, a.agency, b.agency, sc)
				}
			}
		}
	}
	if multi == 0 {
		t.Fatal("no demo story is carried by several agencies")
	}
}
