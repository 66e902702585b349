package aggregator

import (
	"testing"

	"github.com/wiredesk/wiredesk/aggregator/source/feed"
	"github.com/wiredesk/wiredesk/aggregator/source/file"
	"github.com/wiredesk/wiredesk/config"
)

func TestKindOf(t *testing.T) {
	for _, tc := range []struct {
		url  string
		want any
	}{
		{"https://wire.example/rss", feed.Kind{}},
		{"file:///srv/drop/wire.rss", file.Kind{}},
	} {
		k, err := kindOf(config.Source{Name: "S", URL: tc.url})
		if err != nil || k != tc.want {
			t.Errorf("kindOf(%s) = %T, %v; want %T", tc.url, k, err, tc.want)
		}
	}
}
