//go:build unix

package sqlite

import (
	"syscall"
	"time"
)

// cpuTime is the process's user+system CPU time, which measures a
// benchmark's own work even on a machine busy with other jobs.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
