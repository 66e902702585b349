package fetch

import (
	"context"
	"fmt"
	"net"
	"net/netip"
)

// CheckPublicHost resolves host (a name or an IP literal, without port)
// and returns an error wrapping ErrPrivateAddress when any of its
// addresses is one the address guard refuses. It gives an early, clear
// answer for a URL given by someone outside (a WebSub callback); the
// guard of NewHTTPClient still checks the address actually dialled.
func CheckPublicHost(ctx context.Context, host string) error {
	if a, err := netip.ParseAddr(host); err == nil {
		return checkPublicAddr(a)
	}
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return fmt.Errorf("resolve %s: %w", host, err)
	}
	for _, a := range addrs {
		if err := checkPublicAddr(a); err != nil {
			return fmt.Errorf("%s: %w", host, err)
		}
	}
	return nil
}
