package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
)

// errSilent marks an error already reported to the user.
var errSilent = errors.New("reported")

// exitCode is an error carrying a specific process exit status.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// usageError is a command-line mistake: a bad flag, a missing or extra
// argument. Its message says what was wrong; the usage text, when useful,
// was printed before it.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// Settings by environment: what differs per deployment (a container, a
// systemd unit) may be set in the environment instead of on the command
// line, where a flag still wins. Secrets belong in the environment too,
// referenced from sources.yaml as ${NAME}.
const (
	envConfig    = "WIREDESK_CONFIG"     // --config
	envDB        = "WIREDESK_DB"         // --db
	envAddr      = "WIREDESK_ADDR"       // serve --addr
	envAdminAddr = "WIREDESK_ADMIN_ADDR" // serve --admin-addr
	envNode      = "WIREDESK_NODE"       // serve --node
)

// dbUsage is the help of every --db flag. A PostgreSQL URL with a
// password belongs in WIREDESK_DB, out of the process list; wherever the
// URL is printed, backend.Redact hides the password.
const dbUsage = "SQLite database file, or a postgres:// URL ($WIREDESK_DB, where a URL's password belongs)"

// envOr is the environment variable key when it is set, else def.
func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// report prints what a user needs to see of err, the error returned by
// run, and returns the process exit status.
func report(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	if !errors.Is(err, errSilent) {
		fmt.Fprintln(stderr, "wiredesk:", err)
	}
	var ec exitCode
	if errors.As(err, &ec) {
		return int(ec)
	}
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// newFlags makes a subcommand's flag set whose --help shows summary, the
// flags and an example. name is the command and its positional arguments
// in upper case, as the usage line shows them: "withdraw ID".
func newFlags(e *env, name, summary, example string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: wiredesk %s [flags]\n\n%s\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
		fmt.Fprintf(fs.Output(), "\nExample:\n  %s\n", example)
	}
	return fs
}

// cmdName is the command part of a flag set's name: "sources add" of
// "sources add URL".
func cmdName(fs *flag.FlagSet) string {
	var words []string
	for _, w := range strings.Fields(fs.Name()) {
		if strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLower(r) }) >= 0 {
			break
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// usageErr prints fs's usage and returns a usageError naming the command.
func usageErr(fs *flag.FlagSet, format string, a ...any) error {
	fs.Usage()
	return usageError{fmt.Errorf("%s: "+format, append([]any{cmdName(fs)}, a...)...)}
}

// parseArgs parses flags that may stand before, between or after the
// positional arguments, which it returns in order ("--" ends the flags).
// The flag package stops at the first non-flag argument, which would drop
// every flag after a stray word: "poll extra --once" must not poll forever.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	out := fs.Output()
	fs.SetOutput(io.Discard)
	defer fs.SetOutput(out)
	var pos []string
	for {
		err := fs.Parse(args)
		fs.SetOutput(out)
		if errors.Is(err, flag.ErrHelp) {
			fs.Usage()
			fs.SetOutput(io.Discard)
			return nil, flag.ErrHelp
		}
		if err != nil {
			return nil, usageErr(fs, "%w", err)
		}
		fs.SetOutput(io.Discard)
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

// parseFlags parses a command that takes no positional argument.
func parseFlags(fs *flag.FlagSet, args []string) error {
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErr(fs, "unexpected argument %q", pos[0])
	}
	return nil
}

// parseOne parses a command that takes exactly one positional argument,
// described by what ("a story ID") when it is missing.
func parseOne(fs *flag.FlagSet, args []string, what string) (string, error) {
	pos, err := parseArgs(fs, args)
	if err != nil {
		return "", err
	}
	switch {
	case len(pos) == 0:
		return "", usageErr(fs, "%s is required", what)
	case len(pos) > 1:
		return "", usageErr(fs, "unexpected argument %q (only one %s)", pos[1], strings.TrimPrefix(strings.TrimPrefix(what, "a "), "an "))
	}
	return pos[0], nil
}

// closest returns the candidate nearest to got, if it is a likely typo.
func closest(got string, candidates []string) (string, bool) {
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := editDistance(got, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best, best != ""
}

// editDistance is the Levenshtein distance of two short words.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
