package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cpuSelf returns the user+system CPU time of this process so far.
func cpuSelf() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return tv(ru.Utime) + tv(ru.Stime)
}

func tv(t syscall.Timeval) time.Duration {
	return time.Duration(t.Sec)*time.Second + time.Duration(t.Usec)*time.Microsecond
}

// usage is what a finished child process cost.
type usage struct {
	Wall   time.Duration
	CPU    time.Duration // user + system
	MaxRSS int64         // bytes: ru_maxrss, the kernel's VmHWM at exit
	// MaxAnon and MaxFile are the largest RssAnon (heap, SQLite page
	// cache) and RssFile (mapped files: the binary, mmap'd database pages)
	// seen by sampling /proc/PID/status every 50 ms.
	MaxAnon, MaxFile int64
	// ServerCPU is what a database server (PostgreSQL) spent for the
	// child, in its own processes; 0 for SQLite, which runs inside it.
	ServerCPU time.Duration
}

// childUsage reads the rusage of a finished command.
func childUsage(cmd *exec.Cmd, wall time.Duration) usage {
	u := usage{Wall: wall}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		u.CPU = tv(ru.Utime) + tv(ru.Stime)
		u.MaxRSS = ru.Maxrss << 10 // Linux reports kilobytes
	}
	return u
}

// runChild runs name with args to completion, capturing its output in
// logPath, and returns its cost.
func runChild(ctx context.Context, logPath, name string, args ...string) (usage, error) {
	log, err := os.Create(logPath)
	if err != nil {
		return usage{}, fmt.Errorf("child log: %w", err)
	}
	defer log.Close()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = log, log
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return usage{}, fmt.Errorf("start %s: %w", name, err)
	}
	var anon, file int64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			a, f := rss(cmd.Process.Pid)
			anon, file = max(anon, a), max(file, f)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	err = cmd.Wait()
	close(done)
	<-sampled
	if err != nil {
		return usage{}, fmt.Errorf("%s %s: %w (output in %s)", name, strings.Join(args, " "), err, logPath)
	}
	u := childUsage(cmd, time.Since(start))
	u.MaxAnon, u.MaxFile = anon, file
	return u, nil
}

// rss reads RssAnon and RssFile of a running process, in bytes (0 when
// it is gone).
func rss(pid int) (anon, file int64) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || (k != "RssAnon" && k != "RssFile") {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			continue
		}
		if k == "RssAnon" {
			anon = kb << 10
		} else {
			file = kb << 10
		}
	}
	return anon, file
}

func mkdir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("mkdir: %w", err)
	}
	return nil
}

// freePort returns a loopback port that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// waitFor GETs url every 5 ms until it answers 200 or the deadline passes,
// and returns how long that took.
func waitFor(ctx context.Context, url string, limit time.Duration) (time.Duration, error) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	var last error
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return 0, fmt.Errorf("request %s: %w", url, err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(start), nil
			}
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		last = err
		select {
		case <-ctx.Done():
			return 0, fmt.Errorf("%s not served within %s: %w", url, limit, last)
		case <-tick.C:
		}
	}
}

// wiredeskBinary builds ./cmd/wiredesk once per run and returns its path.
func (b *bench) wiredeskBinary(ctx context.Context) (string, error) {
	if b.binary != "" {
		return b.binary, nil
	}
	out := b.path("wiredesk")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "./cmd/wiredesk")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build ./cmd/wiredesk (run the harness from the module root): %w\n%s", err, stderr.String())
	}
	b.binary = out
	return out, nil
}

// ensureTool finds name on PATH, installing the Debian package pkg with
// apt-get when it is missing. The error says why, for the skip line.
func (b *bench) ensureTool(ctx context.Context, name, pkg string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	b.rep.Logf("   %s not found: apt-get install -y %s", name, pkg)
	install := func() error {
		cmd := exec.CommandContext(ctx, "apt-get", "install", "-y", "--no-install-recommends", pkg)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("apt-get install %s: %w: %s", pkg, err, lastLine(out))
		}
		return nil
	}
	if err := install(); err != nil {
		b.rep.Logf("   %v; trying apt-get update first", err)
		cmd := exec.CommandContext(ctx, "apt-get", "update")
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("apt-get update: %w: %s", err, lastLine(out))
		}
		if err := install(); err != nil {
			return "", err
		}
	}
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("installed %s but %s is not on PATH: %w", pkg, name, err)
	}
	return p, nil
}

func lastLine(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}

// stopProcess asks a long-running child to stop and waits for it.
func stopProcess(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("stop %s: %w", cmd.Path, err)
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return fmt.Errorf("wait for %s: %w", cmd.Path, err)
	}
	return nil
}

// startDaemon starts a long-running child with its output in logPath and
// returns a function that stops it (SIGTERM) and waits for it.
func startDaemon(ctx context.Context, logPath, name string, args ...string) (func() error, error) {
	_, stop, err := startDaemonPID(ctx, logPath, name, args...)
	return stop, err
}

// startDaemonPID is startDaemon that also returns the child's process ID.
func startDaemonPID(ctx context.Context, logPath, name string, args ...string) (int, func() error, error) {
	log, err := os.Create(logPath)
	if err != nil {
		return 0, nil, fmt.Errorf("daemon log: %w", err)
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = log, log
	// On interrupt, ask politely first: an nginx master killed outright
	// leaves its workers behind.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		log.Close()
		return 0, nil, fmt.Errorf("start %s: %w", name, err)
	}
	return cmd.Process.Pid, func() error {
		err := stopProcess(cmd)
		if cerr := log.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("daemon log: %w", cerr)
		}
		return err
	}, nil
}
