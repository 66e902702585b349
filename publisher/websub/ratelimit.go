package websub

import (
	"math"
	"sync"
	"time"
)

// Subscription requests a callback host may cause, so that the hub cannot
// be made to send a stream of verification requests to a third party's
// server: a burst of callbackBurst, then one every callbackEvery.
const (
	callbackBurst = 10
	callbackEvery = 6 * time.Second
	// callbackHosts bounds the hosts remembered; past it the hosts whose
	// allowance is whole again are forgotten.
	callbackHosts = 10000
)

// hostLimiter is a token bucket per callback host.
type hostLimiter struct {
	mu    sync.Mutex
	hosts map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// allow takes one request from host's allowance at now, or reports how
// long until the next one is allowed.
func (l *hostLimiter) allow(host string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.hosts == nil {
		l.hosts = map[string]*bucket{}
	}
	b, ok := l.hosts[host]
	if !ok {
		if len(l.hosts) >= callbackHosts {
			l.forgetFull(now)
		}
		b = &bucket{tokens: callbackBurst, at: now}
		l.hosts[host] = b
	}
	b.refill(now)
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) * float64(callbackEvery))
}

func (b *bucket) refill(now time.Time) {
	if now.After(b.at) {
		b.tokens = math.Min(callbackBurst, b.tokens+float64(now.Sub(b.at))/float64(callbackEvery))
		b.at = now
	}
}

// forgetFull drops the hosts whose allowance has grown whole again: they
// are as if never seen.
func (l *hostLimiter) forgetFull(now time.Time) {
	for h, b := range l.hosts {
		if b.refill(now); b.tokens >= callbackBurst {
			delete(l.hosts, h)
		}
	}
}
