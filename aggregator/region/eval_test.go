package region

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// story is one labelled evaluation story from testdata/eval.
type story struct {
	file, id, title, body string
	countries             []string // the story's places as an agency codes them, dateline included
	subject               []string // what the story is about, when it differs (a bureau dateline)
}

// subjectTruth is the truth for a desk filing by subject.
func (s story) subjectTruth() []string {
	if s.subject != nil {
		return s.subject
	}
	return s.countries
}

func loadStories(t testing.TB) []story {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "eval", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no evaluation files: %v", err)
	}
	var out []story
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("read %s: %v", f, err)
		}
		for _, s := range parseStories(t, f, string(data)) {
			s.file = filepath.Base(f)
			out = append(out, s)
		}
	}
	return out
}

func parseStories(t testing.TB, name, data string) []story {
	t.Helper()
	var out []story
	var cur *story
	var body []string
	flush := func() {
		if cur != nil {
			cur.body = strings.Join(body, "\n")
			out = append(out, *cur)
		}
		body = body[:0]
	}
	sc := bufio.NewScanner(strings.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "== "):
			flush()
			cur = &story{id: strings.TrimSpace(line[3:])}
		case cur == nil:
			t.Fatalf("%s: text before the first story: %q", name, line)
		case strings.HasPrefix(line, "countries:") && cur.countries == nil && len(body) == 0:
			cur.countries = append([]string{}, strings.Fields(line[len("countries:"):])...)
		case strings.HasPrefix(line, "subject:") && cur.subject == nil && len(body) == 0:
			cur.subject = append([]string{}, strings.Fields(line[len("subject:"):])...)
		case strings.HasPrefix(line, "title:") && cur.title == "" && len(body) == 0:
			cur.title = strings.TrimSpace(line[len("title:"):])
		default:
			body = append(body, line)
		}
	}
	flush()
	return out
}

// prf counts micro-averaged true positives, false positives, false negatives.
type prf struct{ tp, fp, fn int }

func (c *prf) add(want, got []string) {
	for _, g := range got {
		if contains(want, g) {
			c.tp++
		} else {
			c.fp++
		}
	}
	for _, w := range want {
		if !contains(got, w) {
			c.fn++
		}
	}
}

func (c prf) scores() (p, r, f float64) {
	if c.tp+c.fp > 0 {
		p = float64(c.tp) / float64(c.tp+c.fp)
	}
	if c.tp+c.fn > 0 {
		r = float64(c.tp) / float64(c.tp+c.fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func (c prf) String() string {
	p, r, f := c.scores()
	return fmt.Sprintf("P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d)", p, r, f, c.tp, c.fp, c.fn)
}

func regionsOf(countries []string) []string {
	var out []string
	for _, c := range countries {
		if r := RegionOf(c); r != "" && !contains(out, r) {
			out = append(out, r)
		}
	}
	sort.Strings(out)
	return out
}

// evaluate runs the detector over the set and returns region and country
// counts plus one line per story that was not perfect at country level.
// With subject set, it scores Result.Subject against the subject truth
// (a desk that files by subject); otherwise Result.Countries against the
// agency's places.
func evaluate(d *Detector, stories []story, subject bool) (reg, cty prf, misses []string) {
	for _, s := range stories {
		r := d.Detect(s.title, s.body)
		want, got, gotReg := s.countries, r.Countries, r.Regions
		if subject {
			want = s.subjectTruth()
			got, gotReg = r.Subject()
		}
		reg.add(regionsOf(want), gotReg)
		cty.add(want, got)
		var c prf
		c.add(want, got)
		if c.fp+c.fn > 0 {
			misses = append(misses, fmt.Sprintf("%s want %v got %v %v", s.id, want, got, r.Places))
		}
	}
	return reg, cty, misses
}

// TestEvaluation is the acceptance figure: micro-F1 over (story, region)
// pairs on the labelled set must reach 0.92.
func TestEvaluation(t *testing.T) {
	stories := loadStories(t)
	if len(stories) < 150 {
		t.Fatalf("evaluation set has %d stories, want at least 150", len(stories))
	}
	regionsSeen := map[string]int{}
	for _, s := range stories {
		for _, r := range regionsOf(s.countries) {
			regionsSeen[r]++
		}
	}
	for _, r := range Regions() {
		if regionsSeen[r] < 20 {
			t.Errorf("region %s labelled in %d stories, want at least 20", r, regionsSeen[r])
		}
	}
	d := New()
	reg, cty, misses := evaluate(d, stories, false)
	for _, m := range misses {
		t.Log("miss:", m)
	}
	per := map[string]*prf{}
	for _, r := range Regions() {
		per[r] = &prf{}
	}
	for _, s := range stories {
		want, got := regionsOf(s.countries), d.Detect(s.title, s.body).Regions
		for _, r := range Regions() {
			w, g := contains(want, r), contains(got, r)
			switch {
			case w && g:
				per[r].tp++
			case g:
				per[r].fp++
			case w:
				per[r].fn++
			}
		}
	}
	for _, r := range Regions() {
		t.Logf("  %-13s %v", r, *per[r])
	}
	files := map[string][]story{}
	for _, s := range stories {
		files[s.file] = append(files[s.file], s)
	}
	names := make([]string, 0, len(files))
	for f := range files {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		r, c, _ := evaluate(d, files[f], false)
		t.Logf("  %-13s %3d stories  region %v  country %v", f, len(files[f]), r, c)
	}
	t.Logf("stories=%d", len(stories))
	t.Logf("(story, region):  %v", reg)
	t.Logf("(story, country): %v", cty)
	sreg, scty, _ := evaluate(d, stories, true)
	t.Logf("by subject (story, region):  %v", sreg)
	t.Logf("by subject (story, country): %v", scty)
	if _, _, f := reg.scores(); f < 0.92 {
		t.Errorf("region micro-F1 = %.3f, want >= 0.92", f)
	}
}

func contains(list []string, s string) bool {
	return slices.Contains(list, s)
}
