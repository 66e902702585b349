// Package pgcluster starts a throwaway PostgreSQL cluster from the
// server binaries of Debian's packages, for tests (internal/pgtest) and
// benchmarks (bench): a temporary directory, a Unix socket in it and no
// TCP port, no durability. Stop stops the server and deletes it all.
package pgcluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Settings is the postgresql.conf of a throwaway test cluster: a Unix
// socket only, no durability (a crash loses a test run, nothing else),
// small memory, room for the connection pools of parallel tests.
// .ci/run writes the same settings.
const Settings = `
listen_addresses = ''
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 32MB
max_connections = 200
`

// Cluster is a PostgreSQL cluster this process started in a temporary
// directory: data in dir/data, the socket and the log in dir.
type Cluster struct {
	dir, bin, url string
	runAs         string // OS user the server runs as ("" = this process's)
}

// URL is the postgres:// URL of the cluster's postgres database, as its
// superuser "postgres", through the socket.
func (c *Cluster) URL() string { return c.url }

// PID is the process ID of the server (the postmaster), the parent of
// every backend process.
func (c *Cluster) PID() (int, error) {
	b, err := os.ReadFile(filepath.Join(c.dir, "data", "postmaster.pid"))
	if err != nil {
		return 0, fmt.Errorf("postmaster.pid: %w", err)
	}
	first, _, _ := strings.Cut(string(b), "\n")
	return strconv.Atoi(strings.TrimSpace(first))
}

// binDir finds the directory of initdb and pg_ctl: WIREDESK_POSTGRES_BIN,
// else the newest /usr/lib/postgresql/N/bin (Debian keeps them off PATH),
// else PATH.
func binDir() (string, error) {
	if d := os.Getenv("WIREDESK_POSTGRES_BIN"); d != "" {
		return d, nil
	}
	found, err := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if err != nil {
		return "", err
	}
	version := func(p string) int {
		n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(p))))
		return n
	}
	sort.Slice(found, func(i, j int) bool { return version(found[i]) > version(found[j]) })
	if len(found) > 0 {
		return filepath.Dir(found[0]), nil
	}
	p, err := exec.LookPath("initdb")
	if err != nil {
		return "", errors.New("no PostgreSQL server binaries (initdb) in /usr/lib/postgresql/*/bin or on PATH")
	}
	return filepath.Dir(p), nil
}

// Start creates and starts a cluster. initdb refuses to run as
// root, so as root the server runs as the postgres OS user that Debian's
// package creates.
func Start(ctx context.Context) (*Cluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "wiredesk-pgtest-")
	if err != nil {
		return nil, fmt.Errorf("temporary directory: %w", err)
	}
	c := &Cluster{dir: dir, bin: bin}
	if os.Geteuid() == 0 {
		if err := c.handTo("postgres"); err != nil {
			return nil, errors.Join(err, os.RemoveAll(dir))
		}
	}
	data := filepath.Join(dir, "data")
	if err := c.run(ctx, "initdb", "-D", data, "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"); err != nil {
		return nil, errors.Join(err, os.RemoveAll(dir))
	}
	conf := Settings + "unix_socket_directories = '" + dir + "'\n"
	if err := appendFile(filepath.Join(data, "postgresql.conf"), conf); err != nil {
		return nil, errors.Join(err, os.RemoveAll(dir))
	}
	if err := c.run(ctx, "pg_ctl", "-D", data, "-l", filepath.Join(dir, "server.log"),
		"-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
		return nil, errors.Join(fmt.Errorf("%w; server log:\n%s", err, log), os.RemoveAll(dir))
	}
	c.url = "postgres://postgres@/postgres?host=" + url.QueryEscape(dir)
	return c, nil
}

// handTo makes the cluster's directory belong to the OS user name, whom
// the server then runs as.
func (c *Cluster) handTo(name string) error {
	u, err := user.Lookup(name)
	if err != nil {
		return fmt.Errorf("running as root, the server needs the %q OS user: %w", name, err)
	}
	uid, err1 := strconv.Atoi(u.Uid)
	gid, err2 := strconv.Atoi(u.Gid)
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("user %s: %w", name, err)
	}
	if err := os.Chown(c.dir, uid, gid); err != nil {
		return fmt.Errorf("hand %s to %s: %w", c.dir, name, err)
	}
	c.runAs = name
	return nil
}

// run runs one of the cluster's binaries, as the cluster's OS user.
func (c *Cluster) run(ctx context.Context, name string, args ...string) error {
	cmdline := append([]string{filepath.Join(c.bin, name)}, args...)
	if c.runAs != "" {
		cmdline = append([]string{"runuser", "-u", c.runAs, "--"}, cmdline...)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, cmdline[0], cmdline[1:]...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w: %s", name, err, strings.TrimSpace(out.String()))
	}
	return nil
}

// Stop stops the server at once (nothing in it is worth a clean
// shutdown) and deletes the cluster.
func (c *Cluster) Stop() error {
	err := c.run(context.Background(), "pg_ctl", "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop")
	return errors.Join(err, os.RemoveAll(c.dir))
}

func appendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(text)
	return errors.Join(err, f.Close())
}
