package config

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error is one problem in a configuration file, located by file, line and
// key path (for example "sources[3].interval") so that an operator can go
// straight to it.
type Error struct {
	File string // the file's path as given to Load/Parse
	Line int    // 1-based line; 0 when the problem has no single line
	Key  string // key path such as "fetch.timeout"; "" for file-level problems
	Msg  string // what is wrong, in plain words
	// Err is the underlying cause, if any (for example fs.ErrNotExist for
	// a missing file), so that callers can use errors.Is.
	Err error
}

// Error formats the problem as "FILE:LINE: key: message", leaving out the
// parts that are unknown.
func (e *Error) Error() string {
	var b strings.Builder
	file := e.File
	if file == "" {
		file = "config"
	}
	b.WriteString(file)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// Errors is every problem found in one file, sorted by line. Load, Parse
// and Validate report all problems at once rather than one per run.
type Errors []*Error

// Error prints one problem per line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes the individual problems to errors.Is and errors.As.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// errs accumulates problems while decoding or validating one file.
type errs struct {
	file string
	list Errors
}

func (c *errs) add(line int, key, format string, args ...any) {
	c.list = append(c.list, &Error{File: c.file, Line: line, Key: key, Msg: fmt.Sprintf(format, args...)})
}

// err returns the sorted problems as an error, or nil when there are none.
func (c *errs) err() error {
	if len(c.list) == 0 {
		return nil
	}
	sort.SliceStable(c.list, func(i, j int) bool { return c.list[i].Line < c.list[j].Line })
	return c.list
}

// asErrors returns err as Errors when it is one (or wraps one).
func asErrors(err error) (Errors, bool) {
	var es Errors
	if errors.As(err, &es) {
		return es, true
	}
	return nil, false
}
