package aggregator

import (
	"fmt"

	"github.com/wiredesk/wiredesk/aggregator/source"
	"github.com/wiredesk/wiredesk/aggregator/source/feed"
	"github.com/wiredesk/wiredesk/aggregator/source/file"
	"github.com/wiredesk/wiredesk/config"
)

// kindOf returns the reader of src's kind (config.Source.Kind). A new
// source kind is a package under aggregator/source implementing
// source.Kind, a constant in config/kind.go and a case here.
func kindOf(src config.Source) (source.Kind, error) {
	switch k := src.Kind(); k {
	case config.KindFeed:
		return feed.Kind{}, nil
	case config.KindFile:
		return file.Kind{}, nil
	default:
		return nil, fmt.Errorf("source %q (%s): unknown kind %q", src.Name, src.DisplayURL(), k)
	}
}
