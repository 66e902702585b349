package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// noisyShare is the share of the machine's CPUs used by other processes
// (neighbours on a shared machine) above which a figure is marked noisy:
// ratios of two sides measured in alternation survive some of that,
// absolute rates and times do not.
const noisyShare = 0.15

// clockTick is the unit of /proc CPU times (USER_HZ, 100 on every Linux
// the harness runs on).
const clockTick = 10 * time.Millisecond

// machineBusy returns the CPU time every CPU of the machine has spent
// busy so far (user, nice, system, irq, softirq, steal from /proc/stat):
// the difference over a measurement, less what the processes under test
// and the load generator used, is what the neighbours took.
func machineBusy() (time.Duration, error) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, fmt.Errorf("machine CPU: %w", err)
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0, fmt.Errorf("machine CPU: unexpected /proc/stat line %q", line)
	}
	var ticks int64
	for _, i := range []int{1, 2, 3, 6, 7, 8} { // user nice system irq softirq steal
		v, err := strconv.ParseInt(f[i], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("machine CPU: field %d of %q: %w", i, line, err)
		}
		ticks += v
	}
	return time.Duration(ticks) * clockTick, nil
}

// processCPU returns the user+system CPU time of the running processes
// pids (every thread of each), from /proc/PID/stat.
func processCPU(pids []int) (time.Duration, error) {
	var ticks int64
	for _, pid := range pids {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return 0, fmt.Errorf("CPU of process %d: %w", pid, err)
		}
		// The command name (field 2) may hold spaces: count fields after
		// its closing parenthesis, where field 3 is the state.
		s := string(data)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) < 13 {
			return 0, fmt.Errorf("CPU of process %d: short /proc stat %q", pid, s)
		}
		for _, v := range f[11:13] { // utime, stime: fields 14 and 15
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return 0, fmt.Errorf("CPU of process %d: %w", pid, err)
			}
			ticks += n
		}
	}
	return time.Duration(ticks) * clockTick, nil
}

// withChildren returns pid and the processes whose parent it is (an
// nginx master's workers).
func withChildren(pid int) ([]int, error) {
	pids := []int{pid}
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil {
		return nil, fmt.Errorf("list processes: %w", err)
	}
	for _, path := range stats {
		data, err := os.ReadFile(path)
		if err != nil {
			continue // the process ended meanwhile
		}
		s := string(data)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 1 && f[1] == strconv.Itoa(pid) {
			child, err := strconv.Atoi(filepath.Base(filepath.Dir(path)))
			if err == nil {
				pids = append(pids, child)
			}
		}
	}
	return pids, nil
}

// cpuOwn returns the CPU time of this process and of every child it has
// waited for (wrk, nginx and its workers, wiredesk, simulators).
func cpuOwn() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		return cpuSelf()
	}
	return cpuSelf() + tv(ru.Utime) + tv(ru.Stime)
}

// neighbours measures the share of the machine's CPUs that processes
// other than the harness and its children used between start and the
// call of the returned function. Children still running when it is called
// are counted as neighbours, so call it after they have been waited for.
func neighbours() func() (share float64, err error) {
	busy0, err0 := machineBusy()
	own0, start := cpuOwn(), time.Now()
	return func() (float64, error) {
		if err0 != nil {
			return 0, err0
		}
		busy1, err := machineBusy()
		if err != nil {
			return 0, err
		}
		others := busy1 - busy0 - (cpuOwn() - own0)
		return max(0, others.Seconds()/(time.Since(start).Seconds()*float64(runtime.NumCPU()))), nil
	}
}
