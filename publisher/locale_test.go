package publisher

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// TestEveryPageInEveryLanguage renders each kind of page with site.language
// set to English, French and Arabic: the interface strings come from the
// catalogue (no English left in French or Arabic pages), the date is in the
// language, and Arabic pages are laid out right to left.
func TestEveryPageInEveryLanguage(t *testing.T) {
	english := []string{">All stories<", "By Staff", "Source:", "Also carried by:", "Feeds:", "Older →", "Page 1 of",
		"Continue to the story", ">Categories<", "Front page", "Not found", "This story has been withdrawn.",
		"merged into another report", "No stories yet.", " Mar 2026"}
	for _, tc := range []struct {
		lang, dir string
		want      []string // one per page below, in its language
	}{
		{"en", "ltr", []string{"Latest stories", "World — page 2", "By Staff, Agencies", "Continue to the story", "This story has been withdrawn.", "There is no such story", "14 Mar 2026, 11:53 UTC"}},
		{"fr", "ltr", []string{"Dernières dépêches", "World — page 2", "Par Staff, Agencies", "Lire la dépêche", "Cette dépêche a été retirée.", "Cette dépêche ou cette rubrique n’existe pas", "14 mars 2026, 11:53 UTC"}},
		{"ar", "rtl", []string{"آخر الأخبار", "World — الصفحة 2", "بقلم Staff, Agencies", "متابعة إلى الخبر", "سُحب هذا الخبر.", "لا يوجد هنا خبر", "14 مارس 2026، 11:53 UTC"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			items := defaultItems()
			for i := range 60 {
				items = append(items, testStory(100+i, "world"))
			}
			items[0].Also = []story.Carrier{{Agency: "Other Wire", URL: "https://other.example/1"}}
			dup := testStory(500, "world")
			dup.DuplicateOf = items[0].ID
			gone := testStory(501, "world")
			gone.WithdrawnAt = t0
			items = append(items, dup, gone)
			cfg := testConfig()
			cfg.Site.Language = tc.lang
			f := &fixture{t: t, st: newFakeStore(items...), now: t0}
			f.pub = New(cfg, f.st, Options{Now: func() time.Time { return f.now }})
			if err := f.pub.RebuildAll(context.Background()); err != nil {
				t.Fatal(err)
			}
			f.h = f.pub.Handler()
			pages := []string{"/", "/c/world/page/2", "/a/s0000", "/a/s0500", "/a/s0501", "/c/nope", "/a/s0000"}
			for i, path := range pages {
				_, body := f.get(path)
				if !strings.Contains(body, `<html lang="`+tc.lang+`" dir="`+tc.dir+`">`) {
					t.Errorf("%s: no lang=%s dir=%s", path, tc.lang, tc.dir)
				}
				if !strings.Contains(body, tc.want[i]) {
					t.Errorf("%s lacks %q", path, tc.want[i])
				}
				if tc.lang == "en" {
					continue
				}
				for _, en := range english {
					if strings.Contains(body, en) {
						t.Errorf("%s (%s) still says %q", path, tc.lang, en)
					}
				}
			}
			_, rss := f.get("/feeds/all.rss")
			if tc.lang == "fr" && !strings.Contains(rss, "<title>Wire Desk — Toutes les dépêches</title>") {
				t.Errorf("the French feed title is not translated")
			}
		})
	}
}

func TestLocaleFallsBackToEnglish(t *testing.T) {
	for _, lang := range []string{"de", "", "not a tag", "fr-CA", "ar-LB"} {
		l := localeFor(lang)
		got := l.T("Latest stories")
		switch {
		case strings.HasPrefix(lang, "fr"):
			if got != "Dernières dépêches" {
				t.Errorf("%q: %q", lang, got)
			}
		case strings.HasPrefix(lang, "ar"):
			if got != "آخر الأخبار" || l.Dir() != "rtl" {
				t.Errorf("%q: %q %s", lang, got, l.Dir())
			}
		default:
			if got != "Latest stories" || l.Dir() != "ltr" {
				t.Errorf("%q: %q %s", lang, got, l.Dir())
			}
		}
	}
}
