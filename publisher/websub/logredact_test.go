package websub

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer is a log sink the hub's goroutines may write to at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestDeliveryLogHidesCallbackPassword: a callback URL's password is the
// subscriber's secret; a failed delivery is logged with it masked, as the
// subscription is.
func TestDeliveryLogHidesCallbackPassword(t *testing.T) {
	s := newSite(t, "")
	var logs lockedBuffer
	h, _ := startHub(t, s, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	sub := newSubscriber(t)
	const pass = "cbpass-77e1"
	cb := strings.Replace(sub.srv.URL, "http://", "http://desk:"+pass+"@", 1) + "/push"
	subscribe(t, h, subForm("subscribe", cb, ""))
	wait(t, sub.verified, "verification")
	waitFor(t, "the subscription", func() bool { return h.Status().Subscriptions == 1 })
	sub.status.Store(http.StatusInternalServerError)
	s.commit(h)
	waitFor(t, "a failed delivery logged", func() bool { return strings.Contains(logs.String(), "delivery failed") })
	if strings.Contains(logs.String(), pass) {
		t.Errorf("the log holds the callback's password:\n%s", logs.String())
	}
}
