//go:build clockskew

package clock

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// EnvSkew names the environment variable read by a clockskew build.
const EnvSkew = "WIREDESK_CLOCK_SKEW"

var skew = sync.OnceValue(func() time.Duration {
	v := os.Getenv(EnvSkew)
	if v == "" {
		return 0
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		panic(fmt.Sprintf("clock: %s=%q: %v", EnvSkew, v, err))
	}
	return d
})
