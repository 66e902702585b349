// Command wiredesk is an automated wire desk: it polls news-agency feeds,
// keeps one clean copy of each story and republishes every category as
// RSS, Atom, JSON Feed and HTML. Run "wiredesk help" for the subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
)

// ldflagsVersion may be set at build time with -ldflags "-X main.ldflagsVersion=…".
var ldflagsVersion string

// version is the version this binary reports (User-Agent, pages, "wiredesk
// version"): set at link time, else the module version of "go install
// …@version", else a development marker.
var version = buildVersion(ldflagsVersion, readBuildInfo(), "0.1.0-dev")

// readBuildInfo is the binary's build information, or nil without one.
func readBuildInfo() *debug.BuildInfo {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return nil
	}
	return info
}

// defaultGOGC is the garbage collector's target when GOGC is not set:
// wiredesk's live heap is small (tens of MB) and ingest allocates fast, so
// collecting at three times the live heap instead of twice halves the
// collections of a busy poll: 4 % less CPU for 30 MB more peak memory on
// the 10,000-source cycle (docs/BENCHMARKS.md). GOGC=100 restores Go's
// default.
const defaultGOGC = 200

func main() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(defaultGOGC)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The first signal starts a graceful shutdown; restoring the default
	// handlers then lets a second signal end the process at once.
	go func() {
		<-ctx.Done()
		stop()
	}()
	if code := report(run(ctx, os.Args[1:], os.Stdout, os.Stderr), os.Stderr); code != 0 {
		os.Exit(code)
	}
}

type command struct {
	name, summary string
	run           func(ctx context.Context, env *env, args []string) error
}

// env is what every subcommand gets: its output streams.
type env struct {
	stdout, stderr io.Writer
	// isTerminal reports whether stdout is an interactive terminal.
	isTerminal bool
	// secrets redacts the loaded configuration's secrets from every log line.
	secrets *secretBox
}

func commands() []command {
	return []command{
		{"serve", "poll sources and serve feeds and pages over HTTP", cmdServe},
		{"poll", "poll every enabled source once and print what changed", cmdPoll},
		{"check", "validate a configuration file", cmdCheck},
		{"export", "write every feed, page and the OPML as static files", cmdExport},
		{"prune", "remove stories older than publish.retention", cmdPrune},
		{"withdraw", "remove a story from every feed and page", cmdWithdraw},
		{"restore", "undo a withdrawal", cmdRestore},
		{"withdrawals", "list withdrawn stories or print the editorial log", cmdWithdrawals},
		{"explain", "show why a story is filed where it is (places, carriers)", cmdExplain},
		{"backup", "write an online, consistent copy of the database", cmdBackup},
		{"sources", "list, add or import sources", cmdSources},
		{"version", "print the version, VCS revision and Go version", cmdVersion},
	}
}

// run is the whole program; main only wires the process to it, so that
// tests can run it with their own arguments, streams and context.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	e := &env{stdout: stdout, stderr: stderr, secrets: &secretBox{}}
	if f, ok := stdout.(*os.File); ok {
		if fi, err := f.Stat(); err == nil {
			e.isTerminal = fi.Mode()&os.ModeCharDevice != 0
		}
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			return run(ctx, []string{args[1], "--help"}, stdout, stderr)
		}
		usage(stdout)
		if len(args) == 0 {
			return usageError{errors.New("no subcommand")}
		}
		return nil
	}
	if args[0] == "--version" {
		args[0] = "version"
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, e, args[1:])
			if errors.Is(err, flag.ErrHelp) {
				return nil
			}
			return err
		}
	}
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	hint := `run "wiredesk help" for the list`
	if best, ok := closest(args[0], names); ok {
		hint = fmt.Sprintf("did you mean %q?", best)
	}
	return usageError{fmt.Errorf("unknown command %q (%s)", args[0], hint)}
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "wiredesk %s — an automated wire desk\n\nUsage: wiredesk <command> [flags]\n\nCommands:\n", version)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun \"wiredesk <command> --help\" for a command's flags and an example.\n")
	fmt.Fprint(w, "Quick start, offline: wiredesk serve --demo\n")
}

// logFlags adds --log-format and --log-level to fs and returns a function
// that builds the logger once flags are parsed.
func logFlags(fs *flag.FlagSet, e *env) func() (*slog.Logger, error) {
	format := fs.String("log-format", "text", "log format: text or json")
	level := fs.String("log-level", "info", "log level: debug, info, warn or error")
	return func() (*slog.Logger, error) {
		var lv slog.Level
		if err := lv.UnmarshalText([]byte(*level)); err != nil {
			return nil, usageError{fmt.Errorf("%s: --log-level %q: want debug, info, warn or error (%w)", cmdName(fs), *level, err)}
		}
		opts := &slog.HandlerOptions{Level: lv}
		switch strings.ToLower(*format) {
		case "text":
			return slog.New(redactHandler{slog.NewTextHandler(e.stderr, opts), e.secrets}), nil
		case "json":
			return slog.New(redactHandler{slog.NewJSONHandler(e.stderr, opts), e.secrets}), nil
		}
		return nil, usageError{fmt.Errorf("%s: --log-format %q: want text or json", cmdName(fs), *format)}
	}
}
