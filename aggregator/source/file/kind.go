// Package file is the drop-folder source kind: an agency writes an RSS,
// Atom or JSON Feed document into a folder under fetch.file_root, and the
// source names it with a file:// URL.
package file

import (
	"context"

	"github.com/wiredesk/wiredesk/aggregator/source"
	"github.com/wiredesk/wiredesk/aggregator/source/feed"
	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
)

// Kind is the drop-folder source kind.
type Kind struct{}

var _ source.Kind = Kind{}

// Fetch reads the file req.URL names, under the Fetcher's file root,
// with validators made from its size and modification time.
func (Kind) Fetch(ctx context.Context, f *fetch.Fetcher, req fetch.Request) (*fetch.Response, error) {
	return f.FetchFile(ctx, req)
}

// Parse reads the file as a feed document (feed.Parse).
func (Kind) Parse(resp *fetch.Response) (*source.Document, error) {
	return feed.Parse(resp.Body, resp.ContentType, resp.FinalURL)
}
