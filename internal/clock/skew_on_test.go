//go:build clockskew

package clock

import (
	"os"
	"testing"
	"time"
)

func TestSkewFromEnvironment(t *testing.T) {
	want, err := time.ParseDuration(os.Getenv(EnvSkew))
	if os.Getenv(EnvSkew) == "" {
		want, err = 0, nil
	}
	if err != nil {
		t.Fatalf("%s: %v", EnvSkew, err)
	}
	if Skew() != want {
		t.Fatalf("Skew() = %v, want %v from %s", Skew(), want, EnvSkew)
	}
	if d := Now().Sub(time.Now()) - want; d > time.Second || d < -time.Second {
		t.Fatalf("Now() is %v away from time.Now()+skew", d)
	}
}
