package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

// buildVersion is the version to report: the -ldflags value when one was
// set, otherwise the module version that "go install …@version" records
// in the build info, otherwise fallback.
func buildVersion(ldflags string, info *debug.BuildInfo, fallback string) string {
	if ldflags != "" {
		return ldflags
	}
	if info != nil && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return fallback
}

// vcsRevision describes the commit the binary was built from, as the go
// command records it in the build info: "revision 1a2b3c4d5e6f (2026-12-04T20:00:00Z, modified)".
func vcsRevision(info *debug.BuildInfo) string {
	if info == nil {
		return ""
	}
	var rev, at, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", modified"
			}
		}
	}
	if rev == "" {
		return ""
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if at == "" {
		return fmt.Sprintf("revision %s%s", rev, modified)
	}
	return fmt.Sprintf("revision %s (%s%s)", rev, at, modified)
}

// versionLine is what "wiredesk version" prints.
func versionLine(info *debug.BuildInfo) string {
	line := "wiredesk " + version
	if rev := vcsRevision(info); rev != "" {
		line += ", " + rev
	}
	if info != nil && info.GoVersion != "" {
		line += ", " + info.GoVersion
	}
	return line
}

func cmdVersion(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "version", "Print the module version, the VCS revision and the Go version of this binary.", "wiredesk version")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintln(e.stdout, versionLine(info))
	return nil
}
