package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestNum(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want string
	}{{0, "0"}, {12345.6, "12346"}, {123.45, "123.5"}, {12.345, "12.35"}, {1.2345, "1.234"}, {0.001234, "0.0012"}} {
		t.Run(tc.want, func(t *testing.T) {
			if got := num(tc.in); got != tc.want {
				t.Errorf("num(%v) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestFigureVerdictAndRatio(t *testing.T) {
	for _, tc := range []struct {
		name         string
		f            Figure
		verdict, rat string
	}{
		{"met", Figure{Value: 3, Baseline: 4, Target: "ratio >= 0.5", Met: true}, "ok", "0.75x"},
		{"missed", Figure{Value: 1, Baseline: 4, Target: "ratio >= 0.5"}, "MISS", "0.25x"},
		{"informational", Figure{Value: 1}, "-", "-"},
		{"skipped", Figure{Target: "x", Skipped: "no wrk"}, "skip", "-"},
		{"met while noisy", Figure{Value: 3, Baseline: 4, Target: "ratio >= 0.5", Met: true, Noisy: true}, "ok?", "0.75x"},
		{"missed while noisy", Figure{Value: 1, Baseline: 4, Target: "ratio >= 0.5", Noisy: true}, "MISS?", "0.25x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.f.Verdict(); got != tc.verdict {
				t.Errorf("Verdict = %q, want %q", got, tc.verdict)
			}
			if got := ratio(tc.f); got != tc.rat {
				t.Errorf("ratio = %q, want %q", got, tc.rat)
			}
		})
	}
}

func TestReportTablesShowSkipsAndNotes(t *testing.T) {
	var log bytes.Buffer
	r := NewReport(&log)
	r.Add(Figure{Group: "serve", Name: "304", Value: 8, Unit: "req/s", BaseName: "nginx", Baseline: 10,
		Target: "ratio >= 0.8", Met: true, Note: "wrk -t2"})
	r.Skip("serve", "gzip", "ratio >= 0.8", "nginx unavailable: apt-get failed")
	r.Environment("serve", 0.42)
	if !strings.Contains(log.String(), "SKIP serve/gzip: nginx unavailable") {
		t.Errorf("progress log lacks the skip line:\n%s", log.String())
	}
	var table, md bytes.Buffer
	if err := r.Table(&table); err != nil {
		t.Fatal(err)
	}
	if err := r.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"serve/304", "0.80x", "skip: nginx unavailable"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}
	for _, want := range []string{"| serve/304 | 8.000 req/s | 10.00 req/s (nginx) | 0.80x | ratio >= 0.8 | ok? |", "- serve/304: wrk -t2", "skipped: nginx",
		"- serve: other processes used 42% of the machine's CPUs while the group ran."} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
}

func TestPercentileAndMedian(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(101-i)*time.Millisecond)
	}
	if got := pct(ds, 50); got != 50*time.Millisecond {
		t.Errorf("p50 = %v", got)
	}
	if got := pct(ds, 99); got != 99*time.Millisecond {
		t.Errorf("p99 = %v", got)
	}
	if got := median([]time.Duration{3, 1, 2}); got != 2 {
		t.Errorf("median = %v", got)
	}
	if got := medianF([]float64{5, 1, 9, 7}); got != 7 {
		t.Errorf("medianF = %v, want the upper middle 7", got)
	}
}

func TestCountAndParseInts(t *testing.T) {
	for in, want := range map[int]string{300: "300", 10000: "10k", 100000: "100k", 1000000: "1M", 1500: "1500"} {
		if got := count(in); got != want {
			t.Errorf("count(%d) = %q, want %q", in, got, want)
		}
	}
	got, err := parseInts("10000, 100000")
	if err != nil || len(got) != 2 || got[1] != 100000 {
		t.Errorf("parseInts = %v, %v", got, err)
	}
	if _, err := parseInts("10k"); err == nil {
		t.Error("parseInts accepted 10k")
	}
}

func TestWireFeedStoriesAreDistinct(t *testing.T) {
	a, b := wireFeed(1, 0, 3, 1), wireFeed(2, 0, 3, 1)
	if !bytes.Equal(a, wireFeed(1, 0, 3, 1)) {
		t.Fatal("wireFeed is not deterministic")
	}
	if bytes.Equal(a, b) || bytes.Count(a, []byte("<item>")) != 3 {
		t.Fatalf("feeds 1 and 2 equal or wrong item count:\n%s", a)
	}
	for _, want := range []string{"<guid isPermaLink=\"false\">wire1-2</guid>", "&lt;img src=", "&lt;a href="} {
		if !bytes.Contains(a, []byte(want)) {
			t.Errorf("feed lacks %q", want)
		}
	}
}
