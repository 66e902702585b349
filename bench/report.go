package main

import (
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Figure is one measured number with the baseline measured beside it in
// the same run. Ratio is Value/Baseline; whether a higher ratio is better
// depends on the figure (HigherIsBetter).
type Figure struct {
	Group    string  // ingest, serve, pollscale, store
	Name     string  // what was measured
	Value    float64 // the wiredesk figure
	Unit     string  // unit of Value and Baseline
	BaseName string  // what the baseline is ("" when the figure has none)
	Baseline float64 // the baseline figure, same unit (0 when none)
	// Target is the goal as text ("ratio >= 0.5", "<= 15 s"); "" for
	// figures reported for information.
	Target string
	// Met reports whether Target was reached; ignored when Target is "".
	Met  bool
	Note string
	// Skipped is the reason the figure could not be measured, or "".
	Skipped string
	// Noisy marks a figure measured while other processes took a large
	// share of the machine (the note says how much): its verdict is
	// printed with a question mark, to be measured again when quieter.
	Noisy bool
}

// Ratio returns Value/Baseline, or NaN without a baseline.
func (f Figure) Ratio() float64 {
	if f.Baseline == 0 {
		return math.NaN()
	}
	return f.Value / f.Baseline
}

// Verdict is "ok", "MISS", "skip" or "-" for an informational figure;
// "ok?", "MISS?" and "-?" for a noisy one.
func (f Figure) Verdict() string {
	v := "MISS"
	switch {
	case f.Skipped != "":
		return "skip"
	case f.Target == "":
		v = "-"
	case f.Met:
		v = "ok"
	}
	if f.Noisy {
		v += "?"
	}
	return v
}

// Report collects figures as the benchmarks produce them and prints them.
type Report struct {
	Figures []Figure
	// Others is, per group, the share of the machine's CPUs that other
	// processes used while the group ran (neighbours on a shared machine).
	Others map[string]float64
	out    io.Writer
}

// Environment records what other processes used while group ran, and
// marks the group's figures noisy when that was over noisyShare.
func (r *Report) Environment(group string, share float64) {
	if r.Others == nil {
		r.Others = map[string]float64{}
	}
	r.Others[group] = share
	for i := range r.Figures {
		if r.Figures[i].Group == group && share > noisyShare {
			r.Figures[i].Noisy = true
		}
	}
}

// NewReport returns a report that echoes each figure to out as it lands,
// so a long run shows progress.
func NewReport(out io.Writer) *Report { return &Report{out: out} }

// Add records f and prints it as one line.
func (r *Report) Add(f Figure) {
	r.Figures = append(r.Figures, f)
	if f.Skipped != "" {
		fmt.Fprintf(r.out, "  SKIP %s/%s: %s\n", f.Group, f.Name, f.Skipped)
		return
	}
	fmt.Fprintf(r.out, "  %s/%s: %s %s (baseline %s %s: %s, ratio %s) %s\n", f.Group, f.Name,
		num(f.Value), f.Unit, f.BaseName, num(f.Baseline), f.Unit, ratio(f), f.Verdict())
}

// Skip records a figure that could not be measured, with the reason.
func (r *Report) Skip(group, name, target, why string) {
	r.Add(Figure{Group: group, Name: name, Target: target, Skipped: why})
}

// Logf prints a progress line.
func (r *Report) Logf(format string, args ...any) {
	fmt.Fprintf(r.out, format+"\n", args...)
}

// Table prints every figure as an aligned table.
func (r *Report) Table(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FIGURE\tWIREDESK\tBASELINE\tRATIO\tTARGET\tVERDICT")
	for _, f := range r.Figures {
		if f.Skipped != "" {
			fmt.Fprintf(tw, "%s/%s\t-\t-\t-\t%s\tskip: %s\n", f.Group, f.Name, f.Target, f.Skipped)
			continue
		}
		fmt.Fprintf(tw, "%s/%s\t%s %s\t%s\t%s\t%s\t%s\n", f.Group, f.Name, num(f.Value), f.Unit,
			baseText(f), ratio(f), orDash(f.Target), f.Verdict())
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("print table: %w", err)
	}
	return nil
}

// Markdown prints every figure as a Markdown table with its notes, the
// form docs/BENCHMARKS.md keeps.
func (r *Report) Markdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("| Figure | wiredesk | Baseline (same run) | Ratio | Target | Verdict |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	for _, f := range r.Figures {
		if f.Skipped != "" {
			fmt.Fprintf(&b, "| %s/%s | – | – | – | %s | skipped: %s |\n", f.Group, f.Name, f.Target, f.Skipped)
			continue
		}
		fmt.Fprintf(&b, "| %s/%s | %s %s | %s | %s | %s | %s |\n", f.Group, f.Name, num(f.Value), f.Unit,
			baseText(f), ratio(f), orDash(f.Target), f.Verdict())
	}
	b.WriteString("\n")
	for _, g := range slices.Sorted(maps.Keys(r.Others)) {
		fmt.Fprintf(&b, "- %s: other processes used %.0f%% of the machine's CPUs while the group ran.\n", g, 100*r.Others[g])
	}
	for _, f := range r.Figures {
		if f.Note != "" {
			fmt.Fprintf(&b, "- %s/%s: %s\n", f.Group, f.Name, f.Note)
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("print markdown: %w", err)
	}
	return nil
}

func baseText(f Figure) string {
	if f.BaseName == "" {
		return "-"
	}
	return fmt.Sprintf("%s %s (%s)", num(f.Baseline), f.Unit, f.BaseName)
}

func ratio(f Figure) string {
	r := f.Ratio()
	if math.IsNaN(r) {
		return "-"
	}
	return fmt.Sprintf("%.2fx", r)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// num prints v with three significant digits, without an exponent for
// the magnitudes the harness produces.
func num(v float64) string {
	a := math.Abs(v)
	switch {
	case v == 0:
		return "0"
	case a >= 1000:
		return fmt.Sprintf("%.0f", v)
	case a >= 100:
		return fmt.Sprintf("%.1f", v)
	case a >= 10:
		return fmt.Sprintf("%.2f", v)
	case a >= 0.01:
		return fmt.Sprintf("%.3f", v)
	}
	return fmt.Sprintf("%.2g", v)
}

// secs returns d in seconds as a float.
func secs(d time.Duration) float64 { return d.Seconds() }

// ms returns d in milliseconds as a float.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
