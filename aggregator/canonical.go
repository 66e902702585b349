package aggregator

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/wiredesk/wiredesk/aggregator/source"
)

// errBadURL is returned (wrapped) for a URL that is not an absolute http or
// https URL with a host.
var errBadURL = errors.New("not an absolute http(s) URL")

// trackingParams are query parameters that identify a campaign or a click,
// not a document; two links differing only in them are the same story.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "gbraid": true,
	"wbraid": true, "msclkid": true, "yclid": true, "twclid": true, "ttclid": true,
	"igshid": true, "igsh": true, "ocid": true, "_ga": true, "_gl": true,
	"_hsenc": true, "_hsmi": true, "mkt_tok": true, "oly_anon_id": true,
	"oly_enc_id": true, "vero_id": true, "wt.mc_id": true, "ns_mchannel": true,
	"ns_source": true, "ns_campaign": true, "ns_linkname": true, "ns_fee": true,
	"xtor": true, "smid": true, "cmpid": true, "ref_src": true, "ref_url": true,
	"s_cid": true, "at_medium": true, "at_campaign": true,
	"at_custom1": true, "at_custom2": true, "at_custom3": true, "at_custom4": true,
	"at_link_id": true, "at_link_origin": true, "at_link_type": true,
	"at_format": true, "at_ptr_name": true, "at_bbc_team": true,
	"at_campaign_type": true, "at_objective": true,
}

// trackingPrefixes are prefixes of whole families of tracking parameters
// (Google Analytics utm_*, Mailchimp mc_*).
var trackingPrefixes = []string{"utm_", "mc_"}

// isTracking reports whether a query parameter name is a tracking one.
func isTracking(name string) bool {
	name = strings.ToLower(name)
	if trackingParams[name] {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// canonicalURL returns the form of an absolute http(s) URL under which one
// document is known once: scheme and host lower-cased, the default port,
// user info, fragment and tracking parameters (utm_*, fbclid, gclid, mc_*,
// …) removed, other parameters kept in their original order, and an empty
// path written "/" (RFC 3986 §6.2.3). Other schemes are refused.
func canonicalURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("canonical URL: %w", err)
	}
	return canonical(u)
}

// canonical does the work of canonicalURL on a parsed URL.
func canonical(u *url.URL) (string, error) {
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("canonical URL %q: %w", u.Redacted(), errBadURL)
	}
	host, port := u.Hostname(), u.Port()
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" {
		return "", fmt.Errorf("canonical URL %q: %w", u.Redacted(), errBadURL)
	}
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	switch {
	case port != "":
		u.Host = net.JoinHostPort(host, port)
	case strings.Contains(host, ":"):
		u.Host = "[" + host + "]"
	default:
		u.Host = host
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	u.ForceQuery = false
	u.RawQuery = cleanQuery(u.RawQuery)
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	s := u.String()
	// url.URL.String is not a fixed point for every odd path; one more
	// round makes canonicalURL idempotent.
	if v, err := url.Parse(s); err == nil && v.String() != s {
		s = v.String()
	}
	return s, nil
}

// cleanQuery drops tracking and empty parameters from a raw query string,
// keeping the others verbatim and in order.
func cleanQuery(q string) string {
	if q == "" {
		return ""
	}
	kept := make([]string, 0, strings.Count(q, "&")+1)
	for part := range strings.SplitSeq(q, "&") {
		if part == "" {
			continue
		}
		name, _, _ := strings.Cut(part, "=")
		if dec, err := url.QueryUnescape(name); err == nil {
			name = dec
		}
		if isTracking(name) {
			continue
		}
		kept = append(kept, part)
	}
	return strings.Join(kept, "&")
}

// resolveHTTP resolves ref against base and returns the canonical form of
// the result, which must be an http(s) URL.
func resolveHTTP(base, ref string) (string, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return "", fmt.Errorf("empty link: %w", errBadURL)
	}
	u, err := url.Parse(ref)
	if err != nil {
		return "", fmt.Errorf("resolve %q: %w", ref, err)
	}
	if !u.IsAbs() && base != "" {
		b, err := url.Parse(base)
		if err != nil {
			return "", fmt.Errorf("resolve against %q: %w", base, err)
		}
		u = b.ResolveReference(u)
	}
	return canonical(u)
}

// ItemID returns the public, stable identifier of an item: the first 16
// hex digits of SHA-256 over the source URL and the item key. It depends on
// nothing else, so a rebuilt database gives every story the same ID.
func ItemID(sourceURL, key string) string {
	sum := sha256.Sum256([]byte(sourceURL + "\n" + key))
	return hex.EncodeToString(sum[:8])
}

// feedLink is the document's home page as a canonical absolute URL, or ""
// when it names none that is usable.
func feedLink(doc *source.Document) string {
	link, err := resolveHTTP(doc.URL, doc.Link)
	if err != nil {
		return ""
	}
	return link
}
