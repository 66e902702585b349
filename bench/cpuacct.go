package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

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
