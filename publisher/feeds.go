package publisher

import (
	"strings"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/publisher/feed"
)

// Channel is package feed's description of one category feed.
type Channel = feed.Channel

// Format is one output format of the feeds (feed.Format): everything that
// serves, lists or checks formats reads the publisher's table of them.
type Format = feed.Format

// charsetUTF8 is the parameter every feed's Content-Type carries.
const charsetUTF8 = "; charset=utf-8"

// format returns the output format served at extension ext.
func (p *Publisher) format(ext string) (Format, bool) {
	for _, f := range p.formats {
		if f.Ext == ext {
			return f, true
		}
	}
	return Format{}, false
}

// archiveFormat reports whether RFC 5005 archives are served in ext.
func (p *Publisher) archiveFormat(ext string) bool {
	f, ok := p.format(ext)
	return ok && f.Archive
}

// feedPath splits "/feeds/{slug}.{ext}" into slug and format, for an
// extension of the format table.
func (p *Publisher) feedPath(path string) (slug, format string, ok bool) {
	rest, ok := strings.CutPrefix(path, "/feeds/")
	if !ok {
		return "", "", false
	}
	i := strings.LastIndexByte(rest, '.')
	if i <= 0 {
		return "", "", false
	}
	if _, known := p.format(rest[i+1:]); !known {
		return "", "", false
	}
	return rest[:i], rest[i+1:], true
}

// CheckConfig checks what in cfg names the publisher's own vocabulary:
// partners[].formats against the format table. The loader calls it after
// config.Load, so that "wiredesk check" and a reload refuse an unknown
// format at its file and line.
func CheckConfig(cfg *config.Config) error {
	return cfg.CheckFormats(feed.FormatNames(feed.Formats()))
}
