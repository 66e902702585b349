package aggregator

import (
	"fmt"

	"github.com/wiredesk/wiredesk/aggregator/dedupe"
	"github.com/wiredesk/wiredesk/aggregator/region"
	"github.com/wiredesk/wiredesk/story"
)

// NewDeduper adapts the near-duplicate matcher of aggregator/dedupe to the
// poller: signatures are computed at ingest and kept opaque in the store,
// which finds candidates through their LSH bands.
func NewDeduper(m *dedupe.Matcher) Deduper { return deduper{m} }

type deduper struct{ m *dedupe.Matcher }

func (d deduper) Sign(it *story.Item, text string) {
	sig := dedupe.Sign(it.Title, text)
	if sig.Empty() {
		return
	}
	it.Fingerprint = sig.Fingerprint
	it.DedupeSig = sig.Bytes()
	it.Bands = sig.Bands
}

func (d deduper) Match(it *story.Item, cands []story.Item) string {
	if len(it.DedupeSig) == 0 || len(cands) == 0 {
		return ""
	}
	sig, err := dedupe.Decode(it.DedupeSig)
	if err != nil {
		return ""
	}
	cs := make([]dedupe.Candidate, len(cands))
	for i, c := range cands {
		cs[i] = dedupe.Candidate{Title: c.Title, Sig: c.DedupeSig}
	}
	if i, ok := d.m.Match(it.Title, sig, cs); ok {
		return cands[i].ID
	}
	return ""
}

func (d deduper) Bands(sig []byte) ([]uint64, error) {
	s, err := dedupe.Decode(sig)
	if err != nil {
		return nil, fmt.Errorf("decode signature: %w", err)
	}
	return s.Bands, nil
}

// RegionPlaces adapts the gazetteer of aggregator/region to the tagger.
func RegionPlaces(d *region.Detector) PlaceFunc {
	return func(title, body string) Places {
		r := d.Detect(title, body)
		p := Places{Countries: r.Countries, Regions: r.Regions, Explain: r.Places}
		if len(r.DatelineOnly) > 0 {
			p.SubjectCountries, p.SubjectRegions = r.Subject()
			if p.SubjectCountries == nil {
				p.SubjectCountries = []string{} // nothing but the dateline
			}
		}
		return p
	}
}
