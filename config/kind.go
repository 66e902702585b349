package config

import "strings"

// Source kinds, as Source.Kind names them. The aggregator reads each kind
// its own way (aggregator/source/...).
const (
	// KindFeed is an RSS, Atom or JSON Feed document over http(s).
	KindFeed = "feed"
	// KindFile is a feed document in a drop folder under fetch.file_root,
	// named by a file:// URL.
	KindFile = "file"
)

// Kind says how the source's stories are read: KindFile for a file:// URL,
// else KindFeed. It is the one place that reads the kind from the URL;
// Validate has already refused any other scheme.
func (s Source) Kind() string {
	if scheme, _, ok := strings.Cut(s.URL, ":"); ok && strings.EqualFold(scheme, "file") {
		return KindFile
	}
	return KindFeed
}
