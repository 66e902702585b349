package publisher

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/story"
)

// searchPath is the reader's full-text search page: /search?q=…&page=N.
const searchPath = "/search"

// DefaultSearchBudget is the time a /search request may spend in the
// store (Options.SearchBudget). Most searches take a few milliseconds at
// 1M stories whatever their words; a search with fewer matches than a
// page must read the whole index to prove it has no more (oil NOT gas
// when nearly every story names gas), and is cut short at the budget:
// the page shows the newest matches found by then and says that older
// ones may be missing. Saved searches are never cut short.
const DefaultSearchBudget = 40 * time.Millisecond

// Bounds of the search page. A page of results is a query of the index
// and a render, made per request, so what a request may ask is bounded:
// pages past maxSearchPage are refused (refine the search instead), and
// the store's time is bounded by the search budget; searchTimeout bounds
// the rest of the request.
const (
	maxSearchPage = 20
	searchTimeout = 5 * time.Second
	// searchMaxAge caps Cache-Control max-age on search pages: results
	// follow new stories, and a query's page is cheap to ask again.
	searchMaxAge = 60 * time.Second
)

// searchView is what the search template shows besides the results.
type searchView struct {
	Error string      // why the search was refused; "" when it ran
	Ran   bool        // a search ran (no results: "no stories match")
	Cut   bool        // the search budget ended it: older matches may be missing
	Help  []syntaxRow // the syntax, with the empty form and with an error
	Saved []link      // the public saved searches
}

// syntaxRow is one line of the syntax help: an example and its meaning.
type syntaxRow struct{ Example, Meaning string }

// syntaxHelp is the search language (store/query), as the README's table.
var syntaxHelp = []syntaxRow{
	{"ceasefire", "stories with the word (case and accents are ignored)"},
	{"oil prices", "both words: AND is implied"},
	{"oil OR gas", "either word"},
	{"oil NOT gas", "the first without the second"},
	{`"crude oil"`, "the words together, in this order"},
	{"opec*", "words that begin with opec"},
	{"(oil OR gas) prices", "parentheses group; NOT binds tighter than AND, AND than OR"},
}

// serveSearch answers /search, and /p/{token}/search for a partner with
// its token in the path. Anyone may search the public stories; a partner
// presenting its credential (as on feeds) also finds the stories of its
// categories, in a private response.
func (p *Publisher) serveSearch(w http.ResponseWriter, r *http.Request, pathToken string) {
	g := p.guard.Load()
	var pt *partner
	if _, auth := r.Header["Authorization"]; auth || pathToken != "" {
		var ok bool
		if g, pt, ok = p.admitPartner(w, r, pathToken); !ok {
			return
		}
	}
	var private map[string]bool
	if g != nil {
		private = g.private
	}
	var keep func(*story.Item) bool // nil: every story found
	switch {
	case pt != nil && !slices.Contains(pt.cfg.Categories, story.All):
		keep = func(it *story.Item) bool { return g.entitled(pt, it.Categories) }
	case pt == nil && len(private) > 0:
		keep = func(it *story.Item) bool { return visible(private, it) }
	}
	ctx, cancel := context.WithTimeout(r.Context(), searchTimeout)
	defer cancel()
	e, n, err := p.renderSearch(ctx, p.config(), r.URL.Query(), keep, len(private) > 0 || (g != nil && len(g.partners) > 0))
	if err != nil {
		p.serveError(w, r, err)
		return
	}
	if pt == nil {
		p.serveEntry(w, r, e, "miss")
		return
	}
	pw := &privateWriter{ResponseWriter: w, cache: g.cacheControl}
	p.serveEntry(pw, r, e, "miss")
	g.usage.served(pt.use, pw.code, n)
}

// renderSearch renders one page of a search for the readers keep admits:
// the form with the syntax when q is empty, a 400 page saying what is
// wrong with a malformed q or page, else the results. n is the number of
// stories shown. varyAuth is set when partners read more on this URL.
func (p *Publisher) renderSearch(ctx context.Context, cfg *config.Config, v url.Values, keep func(*story.Item) bool, varyAuth bool) (e *entry, n int, err error) {
	text := v.Get("q")
	d := p.siteData(cfg, "")
	for i := range d.Nav {
		d.Nav[i].Current = false
	}
	d.Query, d.NoIndex = text, true
	sv := &searchView{}
	d.Search = sv
	for _, s := range cfg.Searches {
		sv.Saved = append(sv.Saved, link{Title: s.Title, URL: d.Base + "/c/" + s.Slug})
	}
	spec := p.htmlSpec("search", nil, p.started, cfg)
	spec.maxAge = min(spec.maxAge, searchMaxAge)
	spec.varyAuth = varyAuth
	page, perr := searchPage(v.Get("page"))
	q, qerr := query.Parse(text)
	switch {
	case text == "":
		d.Title = d.T("Search")
		sv.Help = translatedHelp(d)
	case qerr != nil:
		d.Title = d.T("Search")
		sv.Error, sv.Help = d.T("This search cannot be run: %s.", syntaxReason(qerr)), translatedHelp(d)
		spec.status = http.StatusBadRequest
	case perr != nil:
		d.Title = d.T("Search")
		sv.Error = d.T("Pages of results go from 1 to %s; refine the search to see older stories.", strconv.Itoa(maxSearchPage))
		spec.status = http.StatusBadRequest
	default:
		size := maxItems(cfg)
		sctx, cancel := context.WithTimeout(ctx, cmp.Or(p.opt.SearchBudget, DefaultSearchBudget))
		items, err := keepPages(func(offset, limit int) ([]story.Item, error) {
			return p.st.Search(sctx, q, offset, limit)
		}, keep, (page-1)*size, size+1)
		cancel()
		if errors.Is(err, store.ErrSearchStopped) {
			sv.Cut, err = true, nil
			p.met.searchesCut.Inc()
		}
		if err != nil {
			return nil, 0, fmt.Errorf("publisher: search %q: %w", text, err)
		}
		more := len(items) > size
		items = items[:min(len(items), size)]
		n = len(items)
		d.Title = d.T("Search: %s", text)
		sv.Ran = true
		h := newHighlighter(q.Terms())
		d.Stories = p.storyViews(cfg, items, p.now().UTC())
		for i := range d.Stories {
			it := &items[i]
			d.Stories[i].TitleHTML = h.mark(d.Stories[i].Title)
			d.Stories[i].Snippet = h.snippet(excerpt(firstNonEmpty(it.ContentHTML, it.SummaryHTML), 4000), 280)
			d.Stories[i].Excerpt = ""
		}
		spec.lastMod = newest(items)
		d.Page = page
		if page > 1 {
			d.Prev = searchURL(d.Base, text, page-1)
		}
		if more && page < maxSearchPage {
			d.Next = searchURL(d.Base, text, page+1)
		}
	}
	body, err := p.execute("search", d)
	if err != nil {
		return nil, 0, err
	}
	spec.body = body
	e, err = p.newEntry(spec, nil)
	return e, n, err
}

// syntaxReason is what a query.Parse error says is wrong, without the
// ErrSyntax prefix that every such error shares.
func syntaxReason(err error) string {
	return strings.TrimPrefix(err.Error(), query.ErrSyntax.Error()+": ")
}

// searchPage parses the page parameter: 1 when absent.
func searchPage(s string) (int, error) {
	if s == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxSearchPage {
		return 0, fmt.Errorf("page %q is not a number from 1 to %d", s, maxSearchPage)
	}
	return n, nil
}

// searchURL is the local URL of page n of a search.
func searchURL(base, text string, n int) string {
	v := url.Values{"q": {text}}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	return base + searchPath + "?" + v.Encode()
}

func translatedHelp(d pageData) []syntaxRow {
	out := make([]syntaxRow, len(syntaxHelp))
	for i, r := range syntaxHelp {
		out[i] = syntaxRow{Example: r.Example, Meaning: d.loc.Text(r.Meaning)}
	}
	return out
}

// keepPages reads the stories of a listing through read, a page of limit
// at a time, and returns page [offset, offset+limit) of those keep
// admits (every story when keep is nil). It reads at most maxScanPages
// pages past the offset's: a listing mostly made of stories keep refuses
// ends early rather than be read whole.
func keepPages(read func(offset, limit int) ([]story.Item, error), keep func(*story.Item) bool, offset, limit int) ([]story.Item, error) {
	if keep == nil {
		return read(offset, limit)
	}
	var out []story.Item
	skipped := 0
	pages := maxScanPages + offset/max(limit, 1)
	for page := 0; page < pages && len(out) < limit; page++ {
		items, err := read(page*limit, limit)
		if err != nil && !errors.Is(err, store.ErrSearchStopped) {
			return nil, err
		}
		stopped := err
		for i := range items {
			if !keep(&items[i]) {
				continue
			}
			if skipped < offset {
				skipped++
				continue
			}
			if len(out) < limit {
				out = append(out, items[i])
			}
		}
		if stopped != nil {
			return out, stopped
		}
		if len(items) < limit {
			break
		}
	}
	return out, nil
}
