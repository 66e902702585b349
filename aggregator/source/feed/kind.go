package feed

import (
	"context"

	"github.com/wiredesk/wiredesk/aggregator/source"
	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
)

// Kind is the feed source kind: an RSS, Atom or JSON Feed document
// fetched over http(s) with a polite conditional GET.
type Kind struct{}

var _ source.Kind = Kind{}

// Fetch GETs req.URL.
func (Kind) Fetch(ctx context.Context, f *fetch.Fetcher, req fetch.Request) (*fetch.Response, error) {
	return f.Fetch(ctx, req)
}

// Parse reads the body with Parse.
func (Kind) Parse(resp *fetch.Response) (*source.Document, error) {
	return Parse(resp.Body, resp.ContentType, resp.FinalURL)
}
