package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestDockerfile: a multi-stage build of a static binary on a minimal
// base, run as a non-root user with the database on a volume, configured
// by the environment variables the binary reads.
func TestDockerfile(t *testing.T) {
	df := readRepoFile(t, "Dockerfile")
	for _, re := range []string{
		`(?m)^FROM golang:\S+ AS build$`,
		`CGO_ENABLED=0 go build`,
		`(?m)^FROM gcr\.io/distroless/static\S*$`,
		`(?m)^COPY --from=build /out/wiredesk /usr/local/bin/wiredesk$`,
		`(?m)^USER 65532:65532$`,
		`(?m)^VOLUME \["/var/lib/wiredesk"\]$`,
		`WIREDESK_DB=/var/lib/wiredesk/wiredesk\.db`,
		`main\.ldflagsVersion=`,
	} {
		if !regexp.MustCompile(re).MatchString(df) {
			t.Errorf("Dockerfile lacks %s", re)
		}
	}
	if n := len(regexp.MustCompile(`(?m)^FROM `).FindAllString(df, -1)); n != 2 {
		t.Errorf("Dockerfile has %d stages, want 2", n)
	}
	checkEnvNames(t, "Dockerfile", df)
}

// TestSystemdUnit: the unit runs sandboxed, as a dynamic user, with a
// state directory for the database.
func TestSystemdUnit(t *testing.T) {
	unit := readRepoFile(t, "deploy/wiredesk.service")
	for _, line := range []string{
		"ExecStart=/usr/local/bin/wiredesk serve", "DynamicUser=yes", "ProtectSystem=strict", "StateDirectory=wiredesk",
		"NoNewPrivileges=yes", "PrivateTmp=yes", "CapabilityBoundingSet=", "Environment=WIREDESK_DB=/var/lib/wiredesk/wiredesk.db",
		"ExecReload=/bin/kill -HUP $MAINPID",
	} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(line) + `$`).MatchString(unit) {
			t.Errorf("unit lacks %q", line)
		}
	}
	checkEnvNames(t, "deploy/wiredesk.service", unit)
}

// checkEnvNames fails on a WIREDESK_ variable the binary does not read.
func checkEnvNames(t *testing.T, file, text string) {
	t.Helper()
	known := map[string]bool{envConfig: true, envDB: true, envAddr: true, envAdminAddr: true}
	for _, name := range regexp.MustCompile(`WIREDESK_[A-Z_]+`).FindAllString(text, -1) {
		if !known[name] {
			t.Errorf("%s sets %s, which wiredesk does not read", file, name)
		}
	}
}

// TestReadmeDocumentsPackaging: the README tells how to install with go
// install and lists every environment setting.
func TestReadmeDocumentsPackaging(t *testing.T) {
	readme := readRepoFile(t, "README.md")
	if !strings.Contains(readme, "go install github.com/wiredesk/wiredesk/cmd/wiredesk@latest") {
		t.Error("README lacks the go install command")
	}
	for _, name := range []string{envConfig, envDB, envAddr, envAdminAddr} {
		if !strings.Contains(readme, "| `"+name+"` |") {
			t.Errorf("README's environment table lacks %s", name)
		}
	}
}
