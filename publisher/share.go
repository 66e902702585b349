package publisher

import (
	"time"

	"strings"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/internal/wirecopy"
	"github.com/wiredesk/wiredesk/story"
)

// shareMeta is what a page tells search engines and link previews in its
// <head>: the canonical URL (RFC 6596), Open Graph (ogp.me) and Twitter
// card tags, and for a story schema.org NewsArticle JSON-LD.
type shareMeta struct {
	Canonical   string // absolute URL of the page
	Type        string // og:type: "website" or "article"
	Title       string
	Description string
	Image       string // absolute http(s) URL, "" for none
	Published   string // article:published_time, RFC 3339
	Modified    string // article:modified_time, RFC 3339
	Card        string // twitter:card: "summary" or "summary_large_image"
	// LD is the JSON-LD document; html/template writes it as JSON inside
	// <script type="application/ld+json">, escaping "<" so it cannot
	// close the element.
	LD *newsArticle
}

// listingShare describes a front or category page.
func listingShare(cfg *config.Config, path, title, description string) *shareMeta {
	return &shareMeta{
		Canonical: baseURL(cfg) + path, Type: "website", Title: title, Description: description, Card: "summary",
	}
}

// newsArticle is schema.org NewsArticle as Google's article structured
// data documents it: headline, image, dates, author and publisher.
type newsArticle struct {
	Context          string     `json:"@context"`
	Type             string     `json:"@type"`
	Headline         string     `json:"headline"`
	URL              string     `json:"url"`
	MainEntityOfPage string     `json:"mainEntityOfPage"`
	DatePublished    string     `json:"datePublished"`
	DateModified     string     `json:"dateModified"`
	Image            []string   `json:"image,omitempty"`
	Author           []ldEntity `json:"author"`
	Publisher        ldEntity   `json:"publisher"`
	SourceOrg        *ldEntity  `json:"sourceOrganization,omitempty"`
	IsBasedOn        string     `json:"isBasedOn,omitempty"`
	Description      string     `json:"description,omitempty"`
	InLanguage       string     `json:"inLanguage,omitempty"`
}

// ldEntity is a schema.org Organization.
type ldEntity struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// storyShare describes a story page: the byline as author, the site as
// publisher, the agency as source organization.
func storyShare(cfg *config.Config, it *story.Item, v *storyView) *shareMeta {
	canonical := baseURL(cfg) + "/a/" + it.ID
	desc := excerpt(wirecopy.Clean(firstNonEmpty(it.SummaryHTML, it.ContentHTML), it.Agency), 200)
	published := storyTime(it).Format(time.RFC3339)
	modified := modTime(it).Format(time.RFC3339)
	m := &shareMeta{
		Canonical: canonical, Type: "article", Title: v.Title, Description: desc,
		Published: published, Modified: modified, Card: "summary",
	}
	if u := it.ImageURL; strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		m.Image, m.Card = u, "summary_large_image"
	}
	ld := &newsArticle{
		Context: "https://schema.org", Type: "NewsArticle",
		// Google shows at most 110 characters of a headline.
		Headline: cut(v.Title, 110), URL: canonical, MainEntityOfPage: canonical,
		DatePublished: published, DateModified: modified,
		Author:      []ldEntity{{Type: "Organization", Name: cfg.Site.Byline}},
		Publisher:   ldEntity{Type: "Organization", Name: cfg.Site.Title, URL: baseURL(cfg) + "/"},
		Description: desc, InLanguage: cfg.Site.Language,
	}
	if m.Image != "" {
		ld.Image = []string{m.Image}
	}
	if v.Agency != "" {
		ld.SourceOrg = &ldEntity{Type: "Organization", Name: v.Agency}
	}
	if strings.HasPrefix(it.Link, "https://") || strings.HasPrefix(it.Link, "http://") {
		ld.IsBasedOn = it.Link
	}
	m.LD = ld
	return m
}
