package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/story"
)

// wireTexts are story texts in the scripts and marks a wire desk meets.
var wireTexts = []string{
	`<p>OPEC+ cuts output; <a href="https://x.example/a?b=1">Brent</a> rose 3.5% to $82.10.</p>`,
	`<p>Élections à Beyrouth : le ministère de l’Intérieur publie les résultats.</p>`,
	`<p>Die Straße in Łódź war gesperrt; Ærø und Øresund auch. ǅemal sagte „Nein“.</p>`,
	`<p>مُحَمَّد بن سلمان يستقبل الوفد في الرياض — وكالة الأنباء السعودية</p>`,
	`<p>Ο Σίσυφος, ΣΊΣΥΦΟΣ: η Βουλή ψήφισε τον προϋπολογισμό.</p>`,
	`<p>שָׁלוֹם עֲלֵיכֶם — ראש הממשלה נפגש עם השגריר.</p>`,
	`<p>हैलो वर्ल्ड: प्रधानमंत्री ने कहा कि चुनाव होंगे।</p>`,
	`<p>東京で記者会見、北京の外交部は「反対」と述べた。</p>`,
	`<p>İstanbul’da x² ½ Ⅲ ﬁne café naïve Việt Nam Ὀδυσσεύς ſtrasse</p>`,
}

// randomText mixes letters of several scripts with marks, digits,
// symbols and separators, where Go's and FTS5's readings of a word may
// part.
func randomText(rng *rand.Rand) string {
	pools := [][2]rune{{'a', 'z'}, {'A', 'Z'}, {'0', '9'}, {0xc0, 0x24f}, {0x2b0, 0x36f}, {0x370, 0x3ff},
		{0x591, 0x5f4}, {0x600, 0x6ff}, {0x900, 0x97f}, {0x1e00, 0x1eff}, {0x2070, 0x218b}, {0x3040, 0x30ff},
		{0x4e00, 0x4e80}, {0xe000, 0xe010}, {0xfb00, 0xfb06}, {0xff10, 0xff5a}, {' ', '/'}}
	var b strings.Builder
	for range 40 + rng.IntN(80) {
		p := pools[rng.IntN(len(pools))]
		b.WriteRune(p[0] + rune(rng.IntN(int(p[1]-p[0]+1))))
		if rng.IntN(5) == 0 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// missingWords returns the words of the FTS5 index that search_terms
// lacks: a prefix search would miss their stories.
func missingWords(t *testing.T, db *DB) []string {
	t.Helper()
	ctx := context.Background()
	conn, err := db.writer.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_words USING fts5vocab(main, items_fts, row)`); err != nil {
		t.Fatal(err)
	}
	return scanStrings(t)(conn.QueryContext(ctx, `SELECT term FROM temp.fts_words EXCEPT SELECT term FROM search_terms`))
}

// scanStrings returns a reader of a query's one text column, failing
// the test on any error: scanStrings(t)(db.Query(…)).
func scanStrings(t *testing.T) func(*sql.Rows, error) []string {
	return func(rows *sql.Rows, err error) []string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
}

// TestSearchTermsHoldEveryIndexedWord checks Go's reading of words
// (query.Terms) against FTS5's own: every word the index holds after
// saves and edits of multilingual and random text is in search_terms, so
// that an expanded prefix search misses no story.
func TestSearchTermsHoldEveryIndexedWord(t *testing.T) {
	db := openTest(t)
	src := addSources(t, db, "https://a.example/")[0]
	rng := rand.New(rand.NewPCG(7, 11))
	var items []story.Item
	for i := range 300 {
		it := testStory(src, fmt.Sprint(i), t0)
		if i < len(wireTexts) {
			it.ContentHTML = wireTexts[i]
		} else {
			it.Title, it.ContentHTML = randomText(rng), randomText(rng)
		}
		items = append(items, it)
	}
	save(t, db, src, items...)
	edited := items[0]
	edited.Title = "Zanzibar quorum " + randomText(rng)
	save(t, db, src, edited)
	if m := missingWords(t, db); len(m) > 0 {
		t.Errorf("%d indexed words missing from search_terms, e.g. %q", len(m), m[:min(len(m), 10)])
	}
	if n := countRows(t, db, "search_terms"); n < 1000 {
		t.Errorf("search_terms holds %d words, want the words of 300 stories", n)
	}
}

// TestSearchTermsNotLearnedFromRolledBackSave: the words of a save that
// rolled back are not remembered as stored, so the next save of the
// same story writes them.
func TestSearchTermsNotLearnedFromRolledBackSave(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	src := addSources(t, db, "https://a.example/")[0]
	it := testStory(src, "1", t0)
	it.Title = "Quixotic zeppelin"
	bad := testStory(src, "2", t0)
	err := db.SaveFetches(ctx, []story.Fetch{
		{SourceID: src, Items: []story.Item{it}},
		{SourceID: src + 1000, Items: []story.Item{bad}}, // no such source: the batch rolls back
	}, func(int, story.FetchSummary) {})
	if err == nil {
		t.Fatal("SaveFetches with an unknown source succeeded")
	}
	save(t, db, src, it)
	if m := missingWords(t, db); len(m) > 0 {
		t.Errorf("indexed words missing from search_terms after a rolled back save: %q", m)
	}
}

// TestPrefixExpansionSameAsFTS5 compares a search whose prefix the store
// expands into words with FTS5's own prefix search on the same index.
func TestPrefixExpansionSameAsFTS5(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	src := addSources(t, db, "https://a.example/")[0]
	rng := rand.New(rand.NewPCG(3, 5))
	vocab := strings.Fields("oil oilfield oils oily opec opening open crude crudely cairo caisson beyrouth élections electoral élan")
	var items []story.Item
	for i := range 200 {
		it := testStory(src, fmt.Sprint(i), t0)
		var b strings.Builder
		for range 12 {
			b.WriteString(vocab[rng.IntN(len(vocab))] + " ")
		}
		it.ContentHTML = "<p>" + b.String() + "</p>"
		items = append(items, it)
	}
	save(t, db, src, items...)
	for _, text := range []string{"oil*", "o*", "op*", "ELEC*", "cai* NOT oil", "crude OR open*", "zz*", "c* AND oily"} {
		q, err := query.Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Search(ctx, q, 0, 500)
		if err != nil {
			t.Fatalf("Search(%q): %v", text, err)
		}
		want := scanStrings(t)(db.reader.QueryContext(ctx, `SELECT i.id FROM items_fts f JOIN items i ON i.pk = f.rowid
			WHERE items_fts MATCH ? ORDER BY f.rowid DESC`, q.FTS5()))
		var gotIDs []string
		for _, it := range got {
			gotIDs = append(gotIDs, it.ID)
		}
		if !slices.Equal(gotIDs, want) {
			t.Errorf("Search(%q) found %d stories, FTS5's prefix %d", text, len(gotIDs), len(want))
		}
		if len(want) == 0 && text != "zz*" {
			t.Errorf("Search(%q) found nothing: the test proves nothing", text)
		}
	}
}

// TestSearchTermsMigration: 0012 fills search_terms from an index built
// before it.
func TestSearchTermsMigration(t *testing.T) {
	ctx := context.Background()
	raw := rawDB(t)
	upTo11 := fstest.MapFS{}
	for v := 1; v <= 11; v++ {
		names, err := fs.Glob(migrationFS, fmt.Sprintf("migrations/%04d_*.sql", v))
		if err != nil || len(names) != 1 {
			t.Fatalf("migration %d: %v %v", v, names, err)
		}
		data, err := fs.ReadFile(migrationFS, names[0])
		if err != nil {
			t.Fatal(err)
		}
		upTo11[names[0]] = &fstest.MapFile{Data: data}
	}
	if err := migrate(ctx, raw, upTo11); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, `INSERT INTO sources (url, name) VALUES ('https://a.example/', 'A')`); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, `INSERT INTO items (id, source_id, key, title, content_html, published_at, updated_at, first_seen_at, last_seen_at)
		VALUES ('x', 1, 'k', 'Kerosene shortage', '<p>Ministère</p>', 1, 1, 1, 1)`); err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, raw, migrationFS); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := raw.QueryRowContext(ctx, `SELECT count(*) FROM search_terms WHERE term IN ('kerosene', 'shortage', 'ministere', 'p')`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Errorf("search_terms holds %d of the 4 words indexed before 0012", n)
	}
}

// TestTermsReadTextAsFTS5 is the oracle of query.Terms: for wire copy in
// many scripts and random text mixing letters, marks, digits and symbols
// of every kind, the words Terms reads are exactly the words FTS5
// indexes, in order.
func TestTermsReadTextAsFTS5(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	conn, err := db.writer.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{
		`CREATE VIRTUAL TABLE temp.oracle USING fts5(x, tokenize = 'unicode61 remove_diacritics 2')`,
		`CREATE VIRTUAL TABLE temp.oracle_words USING fts5vocab(temp, oracle, instance)`,
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(17, 19))
	texts := slices.Clone(wireTexts)
	for range 2000 {
		texts = append(texts, randomText(rng))
	}
	for i, text := range texts {
		if _, err := conn.ExecContext(ctx, `INSERT INTO temp.oracle (rowid, x) VALUES (?, ?)`, i+1, text); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := conn.QueryContext(ctx, `SELECT doc, term FROM temp.oracle_words ORDER BY doc, offset`)
	if err != nil {
		t.Fatal(err)
	}
	want := make([][]string, len(texts))
	for rows.Next() {
		var doc int
		var w string
		if err := rows.Scan(&doc, &w); err != nil {
			t.Fatal(err)
		}
		want[doc-1] = append(want[doc-1], w)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	bad := 0
	for i, text := range texts {
		var got []string
		query.Terms(text, func(w string) { got = append(got, w) })
		if !slices.Equal(got, want[i]) && bad < 5 {
			bad++
			t.Errorf("Terms(%+q)\n = %+q\nFTS5 %+q", text, got, want[i])
		}
	}
}
