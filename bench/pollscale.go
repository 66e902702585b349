package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

const (
	pollConcurrency = 16 // config.DefaultConcurrency
	pollTargetWall  = 15 * time.Second
	pollTargetRSS   = 250 << 20
)

// benchPollScale runs one full poll cycle of the real binary ("wiredesk
// poll --once", a child process) over N loopback sources of which 90%
// answer 304 and 10% a changed 50-story feed, beside a bare net/http
// client making the same requests (another child process).
func benchPollScale(ctx context.Context, b *bench) error {
	bin, err := b.wiredeskBinary(ctx)
	if err != nil {
		return err
	}
	walls := map[int]time.Duration{}
	for _, n := range b.opt.sources {
		byStore := map[string]usage{}
		for _, db := range b.opt.backends {
			u, err := pollScale(ctx, b, bin, n, db)
			if err != nil {
				return fmt.Errorf("%d sources on %s: %w", n, db, err)
			}
			byStore[db] = u
			if !b.opt.keep { // a 100k-source database is gigabytes
				if err := os.RemoveAll(b.path(fmt.Sprintf("pollscale-%d-%s", n, db))); err != nil {
					return fmt.Errorf("remove %d-source scratch: %w", n, err)
				}
			}
		}
		walls[n] = byStore[b.opt.backends[0]].Wall
		if lite, ok := byStore["sqlite"]; ok {
			if pg, ok := byStore["postgres"]; ok {
				comparePollStores(b, n, lite, pg)
			}
		}
	}
	first := b.opt.sources[0]
	for _, n := range b.opt.sources[1:] {
		b.rep.Add(Figure{Group: "pollscale", Name: fmt.Sprintf("cycle growth %s->%s", count(first), count(n)),
			Value: secs(walls[n]) / secs(walls[first]), Unit: "x", BaseName: "linear",
			Baseline: float64(n) / float64(first),
			Note:     "growth of the measured cycle's wall time; a ratio of 1 is linear in the number of sources."})
	}
	return nil
}

// pollScale measures the cycle of n sources on one store (sqlite or
// postgres). On PostgreSQL the cycle's CPU includes the server's: the
// postmaster and every backend it ran for the cycle.
func pollScale(ctx context.Context, b *bench, bin string, n int, db string) (usage, error) {
	dir := b.path(fmt.Sprintf("pollscale-%d-%s", n, db))
	if err := mkdir(dir); err != nil {
		return usage{}, err
	}
	dbArg, serverCPU := dir+"/wiredesk.db", func() time.Duration { return 0 }
	if db == "postgres" {
		pg, err := b.postgres(ctx)
		if err != nil {
			return usage{}, err
		}
		if dbArg, err = pg.database(ctx, fmt.Sprintf("pollscale_%d", n)); err != nil {
			return usage{}, err
		}
		serverCPU = pg.cpu
	}
	sim, err := startSimulator(ctx, b, dir, n)
	if err != nil {
		return usage{}, err
	}
	defer sim.stop()
	srcs := make([]benchSource, n)
	for i := range srcs {
		srcs[i] = benchSource{Name: fmt.Sprintf("Sim %d", i), URL: fmt.Sprintf("%s/s/%d", sim.base, i), Category: sectionFor(i)}
	}
	cfgPath := dir + "/sources.yaml"
	fetch := fetchSettings{Concurrency: pollConcurrency, PerHost: pollConcurrency}
	if _, err := writeConfig(cfgPath, configYAML(fetch, "", srcs)); err != nil {
		return usage{}, err
	}
	poll := func(name string) (usage, simStats, error) {
		cpu0, server0 := procCPU(sim.pid), serverCPU()
		args := []string{"poll", "--once", "--config", cfgPath, "--db", dbArg, "--log-level", "warn"}
		if b.opt.cpuprofile != "" {
			args = append(args, "--cpuprofile", fmt.Sprintf("%s.poll-%d-%s", b.opt.cpuprofile, n, name))
		}
		u, err := runChild(ctx, dir+"/"+name+".log", bin, args...)
		if err != nil {
			return usage{}, nil, err
		}
		u.ServerCPU = serverCPU() - server0
		st, err := sim.stats(ctx)
		b.rep.Logf("   %s %s: %s wall, %s CPU (+ %s database server), peak RSS %d MB (anon %d MB, file %d MB), simulator CPU %s, answers %v",
			db, name, u.Wall.Round(time.Millisecond), u.CPU.Round(time.Millisecond), u.ServerCPU.Round(time.Millisecond),
			u.MaxRSS>>20, u.MaxAnon>>20, u.MaxFile>>20, (procCPU(sim.pid) - cpu0).Round(time.Millisecond), st)
		return u, st, err
	}

	if err := sim.phase(ctx, 1); err != nil {
		return usage{}, err
	}
	cold, _, err := poll("cycle-1-cold")
	if err != nil {
		return usage{}, err
	}
	if err := sim.phase(ctx, 2); err != nil {
		return usage{}, err
	}
	raw, err := runChild(ctx, dir+"/rawpoll.log", b.self, "rawpoll", "-base", sim.base, "-n", strconv.Itoa(n), "-c", strconv.Itoa(pollConcurrency))
	if err != nil {
		return usage{}, err
	}
	if _, err := sim.stats(ctx); err != nil {
		return usage{}, err
	}
	b.rep.Logf("   baseline bare client: %s wall, %s CPU, peak RSS %d MB", raw.Wall.Round(time.Millisecond), raw.CPU.Round(time.Millisecond), raw.MaxRSS>>20)
	warm, st, err := poll("cycle-2-measured")
	if err != nil {
		return usage{}, err
	}
	if want := int64(n - (n+changeEvery-1)/changeEvery); st["304"] != want {
		return usage{}, fmt.Errorf("measured cycle got %d answers 304, want %d: %v", st["304"], want, st)
	}

	name := count(n) + " sources"
	if db != "sqlite" {
		name += " on " + db
	}
	if b.opt.fresh != changedStories {
		name += fmt.Sprintf(", %d new per changed feed", b.opt.fresh)
	}
	target := n == 10000
	tgt := func(s string) string {
		if target {
			return s
		}
		return ""
	}
	note := fmt.Sprintf("one \"wiredesk poll --once\" child process (start, config load, sync, cycle, exit) over %d sources on a "+
		"loopback simulator in another process: %d answer 304, %d a changed 50-story feed with %d new stories; fetch.concurrency %d and "+
		"per_host %d (loopback is one host). Baseline: a bare net/http client child making the same %d conditional GETs "+
		"with the same concurrency. CPU and peak RSS from wait4 rusage of the child (ru_maxrss = VmHWM at exit). "+
		"The cold first cycle (every source 200 with %d stories, or its first 50-story window when fewer than 50 are new) "+
		"took %s wall, %s CPU, %d MB peak.",
		n, st["304"], st["200 changed"], b.opt.fresh, pollConcurrency, pollConcurrency, n, quietStories,
		cold.Wall.Round(time.Millisecond), cold.CPU.Round(time.Millisecond), cold.MaxRSS>>20)
	b.rep.Add(Figure{Group: "pollscale", Name: "cycle wall " + name, Value: secs(warm.Wall), Unit: "s",
		BaseName: "bare client", Baseline: secs(raw.Wall), Target: tgt("<= 15 s"), Met: warm.Wall <= pollTargetWall, Note: note})
	cpuNote := ""
	if db == "postgres" {
		cpuNote = fmt.Sprintf("wiredesk %s + the PostgreSQL server %s (postmaster, its backends and background "+
			"processes, from /proc/PID/stat utime+stime+cutime+cstime before and after).",
			warm.CPU.Round(time.Millisecond), warm.ServerCPU.Round(time.Millisecond))
	}
	b.rep.Add(Figure{Group: "pollscale", Name: "cycle CPU " + name, Value: secs(warm.CPU + warm.ServerCPU), Unit: "CPU s",
		BaseName: "bare client", Baseline: secs(raw.CPU), Note: cpuNote})
	b.rep.Add(Figure{Group: "pollscale", Name: "peak RSS " + name, Value: float64(warm.MaxRSS) / (1 << 20), Unit: "MB",
		BaseName: "bare client", Baseline: float64(raw.MaxRSS) / (1 << 20), Target: tgt("<= 250 MB"), Met: warm.MaxRSS <= pollTargetRSS,
		Note: fmt.Sprintf("sampled peaks: RssAnon %d MB (Go heap, SQLite page cache), RssFile %d MB (binary, mmap'd database pages).",
			warm.MaxAnon>>20, warm.MaxFile>>20)})
	return warm, nil
}

// count prints 10000 as "10k" and 1000000 as "1M".
func count(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 1000 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return strconv.Itoa(n)
}

// simProcess is the running simulator child.
type simProcess struct {
	base string
	pid  int
	stop func()
}

func startSimulator(ctx context.Context, b *bench, dir string, n int) (*simProcess, error) {
	log, err := os.Create(dir + "/sim.log")
	if err != nil {
		return nil, fmt.Errorf("sim log: %w", err)
	}
	cmd := exec.CommandContext(ctx, b.self, "sim", "-n", strconv.Itoa(n), "-new", strconv.Itoa(b.opt.fresh))
	cmd.Stderr = log
	out, err := cmd.StdoutPipe()
	if err != nil {
		log.Close()
		return nil, fmt.Errorf("sim stdout: %w", err)
	}
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, fmt.Errorf("start simulator: %w", err)
	}
	stop := func() {
		if err := stopProcess(cmd); err != nil {
			b.rep.Logf("   %v", err)
		}
		log.Close()
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
	if err != nil || !ok {
		stop()
		return nil, fmt.Errorf("simulator said %q: %v (log in %s/sim.log)", line, err, dir)
	}
	return &simProcess{base: base, pid: cmd.Process.Pid, stop: stop}, nil
}

// phase switches the simulator to phase n. The simulator renders every
// body first, minutes for 100k sources, so only ctx bounds the wait.
func (s *simProcess) phase(ctx context.Context, n int) error {
	_, err := fetchWith(ctx, &http.Client{}, fmt.Sprintf("%s/_phase?n=%d", s.base, n), nil, http.StatusOK)
	return err
}

func (s *simProcess) stats(ctx context.Context) (simStats, error) {
	body, err := fetch(ctx, s.base+"/_stats", nil, http.StatusOK)
	if err != nil {
		return nil, err
	}
	var st simStats
	if err := json.Unmarshal(body, &st); err != nil {
		return nil, fmt.Errorf("simulator stats: %w", err)
	}
	return st, nil
}

// procCPU returns the user+system CPU time of a running process from
// /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s), or 0.
func procCPU(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	if len(f) < 13 {
		return 0
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(ut+st) * 10 * time.Millisecond
}
