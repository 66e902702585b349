package dedupe

// Short items (results tables, dividends, market closes: 35-130 words)
// carry too few word pairs for their text similarity to tell a second
// carrier's re-edited copy from another company's table. Two carriers of
// one short item keep its headline, once case and house style are folded
// ("1ST QTR NET" / "1st Qtr Net", "pct" / "percent", "says" / "said"), and
// its figures; templated items about other companies or days share
// neither. sameHeadline applies that rule to a pair the text left apart.

// minHeadlineFigures is how many figures two short items with one headline
// must share: a date or a single count is common to many items.
const minHeadlineFigures = 2

// sameHeadline reports whether two stories whose text similarity is below
// the threshold are one short item: both bodies short, the folded
// headlines equal, at least minHeadlineFigures figures in common and the
// figures agreeing as the facts check requires.
func sameHeadline(titleA, titleB string, a, b Signature) bool {
	if max(a.bodySize, b.bodySize) > shortBody || len(a.numbers) < minHeadlineFigures ||
		len(b.numbers) < minHeadlineFigures {
		return false
	}
	if len(a.numbers)-missing(a.numbers, b.numbers) < minHeadlineFigures {
		return false
	}
	// The headline carries the names; a re-edited body may name the
	// regulator or the agency differently, so only the figures must agree.
	if misses(a.numbers, b.numbers) > tolerance(a.numbers, b.numbers, numberTolerance) {
		return false
	}
	ka, kb := a.headline, b.headline
	if ka == 0 {
		ka = headlineKey(titleA)
	}
	if kb == 0 {
		kb = headlineKey(titleB) // signed before headline keys were kept
	}
	return ka != 0 && ka == kb
}

// headlineKey hashes the headline's words after the folding Sign applies
// (desk slugs and credits removed, lower case, house style, stop words
// dropped); it is 0 for a headline with fewer than three such words.
func headlineKey(title string) uint64 {
	var (
		rawBack  [64]rawToken
		bufBack  [512]byte
		wordBack [64]uint64
	)
	a := analyzer{raws: rawBack[:0], buf: bufBack[:0], words: wordBack[:0]}
	a = a.analyze(stripTitle(truncate(title)), false)
	return foldedHeadline(a.words)
}

// foldedHeadline combines the normalized words of a headline into one
// key, never 0; 0 when there are fewer than three words.
func foldedHeadline(words []uint64) uint64 {
	if len(words) < 3 {
		return 0
	}
	key := uint64(14695981039346656037)
	for _, w := range words {
		key = mix64(key ^ w)
	}
	return max(key, 1)
}
