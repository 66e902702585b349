package fetch

import (
	"context"
	"errors"
	"testing"
)

func TestCheckPublicHost(t *testing.T) {
	ctx := context.Background()
	for _, host := range []string{"127.0.0.1", "::1", "10.1.2.3", "169.254.169.254", "localhost"} {
		if err := CheckPublicHost(ctx, host); !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("CheckPublicHost(%q) = %v, want ErrPrivateAddress", host, err)
		}
	}
	if err := CheckPublicHost(ctx, "93.184.215.14"); err != nil {
		t.Errorf("public literal refused: %v", err)
	}
}
