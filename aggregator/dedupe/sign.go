package dedupe

import (
	"math/bits"
	"slices"
	"unicode/utf8"
)

// Sizes of a signature. Changing ShingleSize, NumHashes, LeadShingles,
// the fact caps or any hash (words, shingles, shingleSet.sketch) changes
// every stored signature: bump sigVersion and re-sign. The band layout is derived from the stored signature: changing
// it changes only the band keys, which an index rebuilds from Decode; a new
// layout takes new band numbers so that its keys never meet the old ones.
const (
	// ShingleSize is the number of consecutive normalized words in a shingle.
	// Stop words are dropped first, so a shingle is two content words; 2
	// keeps reworded copies above the band threshold (measured against 3 in
	// docs/EDITORIAL.md) and the facts check keeps templated copy apart.
	ShingleSize = 2
	// NumHashes is the size of the MinHash over all shingles (bins of the
	// round-based sketch, see shingleSet.sketch). Values are kept to 16
	// bits (b-bit MinHash): a chance agreement costs 1/65536.
	NumHashes = 128
	// LeadShingles is how many leading body shingles make up the lead,
	// about one wire lead paragraph. The lead is kept exactly (16-bit
	// hashes), so a summary-only item is compared exactly with the start
	// of the full story.
	LeadShingles = 24
	// MainBands × MainRows of the main MinHash form its LSH bands: two
	// stories with Jaccard similarity 0.5 share a band with probability
	// 0.94, at 0.6 with 0.99, at 0.3 with 0.61, at 0.1 with 0.10. Pairs of
	// rows (rather than 21 bands of 3, the first scheme) give the same
	// odds at 0.5 and above with half the bands, and better odds for a
	// trimmed copy, whose Jaccard similarity is low but containment high.
	MainBands, MainRows = 10, 2
	// LeadBands × LeadRows of a MinHash of the lead form the lead bands,
	// which find a summary-only or trimmed copy whose overall Jaccard
	// similarity is too low for the main bands: leads with Jaccard
	// similarity 0.5 share a band with probability 0.98.
	LeadBands, LeadRows = 14, 2
	// mainBandBase and leadBandBase are the band numbers of the first main
	// and lead bands. They differ from the first scheme's (0 and 32), so
	// that keys of the two schemes never meet in one index.
	mainBandBase, leadBandBase = 64, 96
	// headlineBand is the band number of a short item's headline key
	// (sameHeadline).
	headlineBand = 112
	// maxNumbers and maxEntities cap the facts kept, in order of appearance.
	maxNumbers, maxEntities = 40, 64
	// maxInput bounds the bytes of title and body that are read.
	maxInput = 64 << 10
)

// Signature is the near-duplicate fingerprint of one story.
type Signature struct {
	// Fingerprint is a 64-bit SimHash of the story's shingles: equal for
	// equal normalized text and a few bits apart for small edits.
	Fingerprint uint64
	// Bands are the LSH band keys. The top byte of each key is its band
	// number, so band i of one story only collides with band i of another.
	// Bands are derived data: Bytes does not store them, Decode rebuilds them.
	Bands []uint64

	size     int // distinct shingles of title and body
	bodySize int // distinct shingles of the body
	main     [NumHashes]uint16
	lead     []uint16 // distinct hashed shingles of the lead, in order
	numbers  []uint16 // hashed figures
	entities []uint16 // hashed capitalized names
	// headline is the folded headline of a short item with figures
	// (headlineKey), 0 for any other story: it adds the headline band.
	headline uint64
}

// Empty reports whether the story had no comparable words; an empty
// signature never matches anything.
func (s Signature) Empty() bool { return s.size == 0 }

// Sign computes the signature of a story from its headline and the plain
// text of its body (content, or summary when there is no content).
// Paragraphs in body are separated by newlines. Sign is deterministic:
// the same input gives the same signature in every process and release
// with the same signature version.
func Sign(title, body string) Signature {
	// Buffers for a story of up to about 1,000 words live on the stack;
	// a longer one grows them on the heap.
	var (
		rawBack  [1024]rawToken
		bufBack  [8 << 10]byte
		wordBack [1024]uint64
		numBack  [maxNumbers]uint16
		entBack  [maxEntities]uint16
		slotBack [1024]uint64
	)
	a := analyzer{raws: rawBack[:0], buf: bufBack[:0], words: wordBack[:0],
		numbers: facts{hashes: numBack[:0], limit: maxNumbers}, entities: facts{hashes: entBack[:0], limit: maxEntities}}
	set := shingleSet{slots: slotBack[:]}
	var lead [LeadShingles]uint16
	nLead := 0

	a = a.analyze(stripBody(truncate(body)), true)
	bodyWords := len(a.words) > 0
	for i := range numShingles(a.words) {
		x := shingle(a.words, i)
		if v := uint16(x >> 48); nLead < LeadShingles && !slices.Contains(lead[:nLead], v) {
			lead[nLead] = v
			nLead++
		}
		set.add(x)
	}
	bodySize := set.len()
	a = a.analyze(stripTitle(truncate(title)), !bodyWords)
	for i := range numShingles(a.words) {
		set.add(shingle(a.words, i))
	}
	var headline uint64
	if bodyWords && bodySize <= shortBody && len(a.numbers.hashes) >= minHeadlineFigures {
		headline = foldedHeadline(a.words)
	}

	var s Signature
	s.size, s.bodySize, s.headline = set.len(), bodySize, headline
	set.sketch(s.main[:])
	s.Fingerprint = set.simHash()
	// One allocation holds the lead and the facts.
	nn, ne := len(a.numbers.hashes), len(a.entities.hashes)
	if n := nLead + nn + ne; n > 0 {
		back := make([]uint16, n)
		s.lead = sub(back, 0, nLead, lead[:nLead])
		s.numbers = sub(back, nLead, nn, a.numbers.hashes)
		s.entities = sub(back, nLead+nn, ne, a.entities.hashes)
	}
	s.Bands = s.bands()
	return s
}

// sub copies src into back[at:at+n] and returns that part, or nil when n
// is 0 (Decode leaves empty sets nil).
func sub(back []uint16, at, n int, src []uint16) []uint16 {
	if n == 0 {
		return nil
	}
	out := back[at : at+n : at+n]
	copy(out, src)
	return out
}

// truncate cuts s to at most maxInput bytes on a rune boundary.
func truncate(s string) string {
	if len(s) <= maxInput {
		return s
	}
	cut := maxInput
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// numShingles is the number of shingles of words (fnv64 hashes): one per
// run of ShingleSize words, and one for a text shorter than that.
func numShingles(words []uint64) int {
	if len(words) == 0 {
		return 0
	}
	return max(1, len(words)-ShingleSize+1)
}

// shingle is the hash of shingle i of words.
func shingle(words []uint64, i int) uint64 {
	x := uint64(0x9e3779b97f4a7c15)
	for _, h := range words[i:min(len(words), i+ShingleSize)] {
		x = mix64(x ^ h)
	}
	return x
}

// fnv64 is the 64-bit FNV-1a hash of s.
func fnv64[T string | []byte](s T) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// mix64 is the SplitMix64 finalizer: a fast, well-spread 64-bit mix.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// seeds are the multiply-add pairs of the permutations of the lead
// MinHash, derived from fixed constants so that they never change between
// processes.
type seed struct{ a, b uint64 }

var seeds = makeSeeds(LeadBands*LeadRows, 0x5eed0001)

func makeSeeds(n int, start uint64) []seed {
	out := make([]seed, n)
	x := start
	for i := range out {
		x += 0x9e3779b97f4a7c15
		out[i].a = mix64(x) | 1
		x += 0x9e3779b97f4a7c15
		out[i].b = mix64(x)
	}
	return out
}

// minHash fills out with, for each permutation, the top 16 bits of the
// smallest a·x+b over the (already mixed) shingle hashes x. Repeated
// hashes do not change a minimum, so sh need not be distinct.
func minHash(sh []uint64, out []uint16) {
	i := 0
	// Four permutations per pass keep four independent minima in
	// registers, so the compare-and-select chains overlap.
	for ; i+4 <= len(out); i += 4 {
		s0, s1, s2, s3 := seeds[i], seeds[i+1], seeds[i+2], seeds[i+3]
		m0, m1, m2, m3 := ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)
		for _, x := range sh {
			m0 = min(m0, x*s0.a+s0.b)
			m1 = min(m1, x*s1.a+s1.b)
			m2 = min(m2, x*s2.a+s2.b)
			m3 = min(m3, x*s3.a+s3.b)
		}
		out[i], out[i+1], out[i+2], out[i+3] = uint16(m0>>48), uint16(m1>>48), uint16(m2>>48), uint16(m3>>48)
	}
	for ; i < len(out); i++ {
		s, m := seeds[i], ^uint64(0)
		for _, x := range sh {
			m = min(m, x*s.a+s.b)
		}
		out[i] = uint16(m >> 48)
	}
}

// bands derives the LSH band keys from the main MinHash and from a
// MinHash of the lead set.
func (s Signature) bands() []uint64 {
	if s.size == 0 {
		return nil
	}
	out := make([]uint64, 0, MainBands+LeadBands+1)
	for b := range MainBands {
		out = append(out, bandKey(mainBandBase+b, s.main[b*MainRows:(b+1)*MainRows]))
	}
	if len(s.lead) > 0 {
		var buf [LeadShingles]uint64
		lx := buf[:len(s.lead)]
		for i, v := range s.lead {
			lx[i] = mix64(uint64(v) + 0x1ead)
		}
		var lm [LeadBands * LeadRows]uint16
		minHash(lx, lm[:])
		for b := range LeadBands {
			out = append(out, bandKey(leadBandBase+b, lm[b*LeadRows:(b+1)*LeadRows]))
		}
	}
	if s.headline != 0 {
		// Two carriers of a short item may share no band of its text.
		out = append(out, uint64(headlineBand)<<56|mix64(s.headline)>>8)
	}
	return out
}

// bandKey puts the band number in the top byte (bit 63 stays clear, so the
// key also fits a signed 64-bit SQL integer) and a hash of the rows below.
func bandKey(band int, rows []uint16) uint64 {
	h := mix64(uint64(band) + 1)
	for _, r := range rows {
		h = mix64(h ^ uint64(r))
	}
	return uint64(band)<<56 | h>>8
}

// hamming is the number of differing bits of two fingerprints.
func hamming(a, b uint64) int { return bits.OnesCount64(a ^ b) }
