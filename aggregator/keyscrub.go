package aggregator

import (
	"net/url"
	"strings"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/story"
)

// keyScrubber removes a keyed source's secrets from the links of its
// stories. Agency APIs echo the key into item and image links, and a
// relative link resolved against the feed's own URL inherits its user
// info; either would publish the key with the story's "public" link.
type keyScrubber struct {
	user    *url.Userinfo   // the source URL's user info, if any
	secrets map[string]bool // values of its key-like query parameters
	plain   []string        // what to take out of HTML: "user:pass@" and the values
}

// newKeyScrubber returns the scrubber of a source URL, or nil when the URL
// holds nothing secret (the common case costs nothing).
func newKeyScrubber(raw string) *keyScrubber {
	u, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	s := &keyScrubber{user: u.User, secrets: map[string]bool{}}
	if u.User != nil {
		s.plain = append(s.plain, u.User.String()+"@")
	}
	for name, vals := range u.Query() {
		if !config.KeyLikeParam(name) {
			continue
		}
		for _, v := range vals {
			if len(v) >= 4 {
				s.secrets[v] = true
				s.plain = append(s.plain, v, url.QueryEscape(v))
			}
		}
	}
	if s.user == nil && len(s.secrets) == 0 {
		return nil
	}
	return s
}

// link returns raw without the source's user info and without any query
// parameter whose value is one of the source's keys.
func (s *keyScrubber) link(raw string) string {
	if raw == "" {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	changed := false
	if u.User != nil && s.user != nil && u.User.String() == s.user.String() {
		u.User, changed = nil, true
	}
	if u.RawQuery != "" && len(s.secrets) > 0 {
		q := u.Query()
		for name, vals := range q {
			for _, v := range vals {
				if s.secrets[v] {
					q.Del(name)
					changed = true
					break
				}
			}
		}
		if changed {
			u.RawQuery = q.Encode()
		}
	}
	if !changed {
		return raw
	}
	return u.String()
}

// html takes the source's secrets out of sanitized HTML, which holds
// links resolved against the story's link or the feed's URL.
func (s *keyScrubber) html(h string) string {
	for _, p := range s.plain {
		if strings.Contains(h, p) {
			h = strings.ReplaceAll(h, p, "")
		}
	}
	return h
}

// item scrubs every link of a normalized story. The story's Key is left
// as it was derived, so a keyed source's stories keep their identity.
func (s *keyScrubber) item(it *story.Item) {
	it.Link = s.link(it.Link)
	it.ImageURL = s.link(it.ImageURL)
	it.SourceLink = s.link(it.SourceLink)
	it.SummaryHTML = s.html(it.SummaryHTML)
	it.ContentHTML = s.html(it.ContentHTML)
}
