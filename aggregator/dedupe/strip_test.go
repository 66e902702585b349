package dedupe

import (
	"strings"
	"testing"
)

func TestStripBody(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"afp dateline", "TEHRAN (AFP) - Iran said on Monday.", "Iran said on Monday."},
		{"another carrier's tag", "MEXICO CITY, Dec 4 (Northwind) - Mexico's peso fell.", "Mexico's peso fell."},
		{"two-word carrier after state and date", "MINNEAPOLIS, Minn., Jan 4 (Cape Press) - Hartwell Foods said.", "Hartwell Foods said."},
		{"acronym carrier, em dash", "TOKYO (GPS) — Japan's economy grew.", "Japan's economy grew."},
		{"sign-off", "Net rose 12 pct.\nReuter", "Net rose 12 pct."},
		{"reuters dateline with date", "BEIRUT, Nov 25 (Reuters) - Lebanon said.", "Lebanon said."},
		{"ap dateline with country", "KYIV, Ukraine (AP) — Russia fired.", "Russia fired."},
		{"place only em dash", "WASHINGTON — The Senate voted.", "The Senate voted."},
		{"place with dots", "ST. LOUIS, Mo. -- Police said.", "Police said."},
		{"bare credit", "(AP) — The storm hit.", "The storm hit."},
		{"mixed case place", "Tehran (AFP) - Iran said.", "Iran said."},
		{"dpa en dash", "Berlin (dpa) – Germany said.", "Germany said."},
		{"not a dateline: compound", "US-China talks resumed on Monday.", "US-China talks resumed on Monday."},
		{"not a dateline: sentence", "A Russian drone hit the port.", "A Russian drone hit the port."},
		{"inline credit", "Officials (Reuters) said.", "Officials   said."},
		{"copyright footer", "Story text.\n© 2026 AFP", "Story text."},
		{"reporting footer", "Story text.\n(Reporting by A B; Editing by C D)", "Story text."},
		{"ap rights footer", "Story text.\nCopyright 2026 The Associated Press. All rights reserved.", "Story text."},
		{"syndication notice", "Story text.\nThis story has not been edited by Desk staff and is auto-generated from a syndicated feed.", "Story text."},
		{"contributed", "Story text.\nThe Associated Press contributed to this report.", "Story text."},
		{"desk initials", "Story text.\ndk/jm", "Story text."},
		{"several footers", "Story text.\nReporting by A; editing by B\n© 2026 AFP\n", "Story text."},
		{"run-in footer", "Story text ends here. © 2026 AFP", "Story text ends here."},
		{"run-in reporting", "Story text ends here. Reporting by Sam Holmes; editing by Toby", "Story text ends here."},
		{"reporting mid-story kept", "Reporting by the paper was disputed, the minister said.\nSecond paragraph.",
			"Reporting by the paper was disputed, the minister said.\nSecond paragraph."},
		{"run-in contributed", "Story text ends here. The Associated Press contributed to this report.", "Story text ends here."},
		{"run-in desk initials", "Story text ends here. dk/jm", "Story text ends here."},
		{"run-in agency sign-off", "Story text ends here. -- AFP", "Story text ends here."},
		{"run-in rights notice", "Story text. Copyright 2026 The Associated Press. All rights reserved. This material may not be published.", "Story text."},
		{"flattened body with footer is not a footer", strings.Repeat("Officials said the talks went on. ", 12) +
			"All rights reserved.", strings.TrimSpace(strings.Repeat("Officials said the talks went on. ", 12))},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stripBody(tt.in); got != tt.want {
				t.Errorf("stripBody(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestStripTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"UPDATE 1-Oil jumps", "Oil jumps"},
		{"WRAPUP 2-Storm hits", "Storm hits"},
		{"EXCLUSIVE-Bank plans cuts", "Bank plans cuts"},
		{"BREAKING: Quake strikes", "Quake strikes"},
		{"Oil jumps - Reuters", "Oil jumps"},
		{"Oil jumps | AFP", "Oil jumps"},
		{"Update on talks expected", "Update on talks expected"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := stripTitle(tt.in); got != tt.want {
				t.Errorf("stripTitle(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// stripTitleRegexp is stripTitle without the checks that skip the
// expressions: what stripTitle must always return.
func stripTitleRegexp(title string) string {
	title = titlePrefix.ReplaceAllString(title, "")
	return titleSuffix.ReplaceAllString(title, "")
}

// TestStripTitleChecks covers the checks that skip the title expressions:
// every case must give what the expressions alone give.
func TestStripTitleChecks(t *testing.T) {
	tests := []struct{ in, want string }{
		{"UPDATE 1-Iran oil exports rise", "Iran oil exports rise"},
		{"  update 2 - Iran oil exports rise", "Iran oil exports rise"},
		{"REFILE-UPDATE 3-Iran oil exports rise", "Iran oil exports rise"},
		{"BREAKING: explosion heard in Beirut", "explosion heard in Beirut"},
		{"PHOTOS | Floods in Valencia", "Floods in Valencia"},
		{"BREA\u212aING: explosion heard in Beirut", "explosion heard in Beirut"}, // Kelvin sign folds to k
		{"Iran oil exports rise - Reuters", "Iran oil exports rise"},
		{"Iran oil exports rise — AFP", "Iran oil exports rise"},
		{"Iran oil exports rise | Al Jazeera", "Iran oil exports rise"},
		{"Iran oil exports rise\t– sources", "Iran oil exports rise"},
		{"UPDATE 1-Iran oil exports rise - Reuters", "Iran oil exports rise"},
		{"Updated forecast sees rain", "Updated forecast sees rain"},
		{"Live music returns to Kyiv", "Live music returns to Kyiv"},
		{"Yen slides to 10-month low", "Yen slides to 10-month low"},
		{"Talks - and more talks - in Doha", "Talks - and more talks - in Doha"},
		{"Reuters poll: rates to stay on hold", "Reuters poll: rates to stay on hold"},
		{"", ""},
		{"-", "-"},
		{" -Reuters", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := stripTitle(tt.in); got != tt.want {
				t.Errorf("stripTitle(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if ref := stripTitleRegexp(tt.in); ref != tt.want {
				t.Errorf("expressions alone give %q, want %q", ref, tt.want)
			}
		})
	}
}

// FuzzStripTitle checks that the checks before the title expressions
// never skip a match: stripTitle equals the expressions alone.
func FuzzStripTitle(f *testing.F) {
	for _, s := range []string{"UPDATE 1-Iran oil", "Iran - Reuters", "BREA\u212aING: x", "x\t—AFP ", "Focus|x", "ſ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		if got, want := stripTitle(title), stripTitleRegexp(title); got != want {
			t.Fatalf("stripTitle(%q) = %q, expressions give %q", title, got, want)
		}
	})
}

// FuzzDatelineChecks checks that the checks before the dateline
// expressions never skip a match.
func FuzzDatelineChecks(f *testing.F) {
	for _, s := range []string{"TEHRAN (AFP) - Iran", "BEIRUT, Nov 25 (Reuters) - x", "(AP) — x", "WASHINGTON — x",
		"ST. LOUIS, Mo. -- x", "Ünïcode (dpa) – x", "A: (AFP) - x", "É'X - y", "\xff (AFP) -"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		body = strings.TrimSpace(body)
		if datelineAgency.MatchString(body) && !mayHaveCreditDateline(body) {
			t.Fatalf("datelineAgency matches %q but the check skips it", body)
		}
		if datelinePlace.MatchString(body) && !mayHavePlaceDateline(body) {
			t.Fatalf("datelinePlace matches %q but the check skips it", body)
		}
	})
}
