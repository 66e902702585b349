package dedupe

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// facts collects the 16-bit hashes of distinct facts in order of first
// appearance, up to limit. A chance collision only makes two stories look
// closer on one fact, and facts are compared as sets of a few dozen, so 16
// bits are enough.
type facts struct {
	hashes []uint16
	limit  int
}

// add records the fact whose fnv64 hash is h unless its hash is already
// known or the set is full. It returns the updated set: facts are values,
// so that buffers on the caller's stack stay there.
func (fs facts) add(h uint64) facts {
	if len(fs.hashes) == fs.limit {
		return fs
	}
	if v := uint16(mix64(h) >> 48); !slices.Contains(fs.hashes, v) {
		fs.hashes = append(fs.hashes, v)
	}
	return fs
}

// analyzer cuts a story into normalized words (as fnv64 hashes) and the
// facts it states. Its slices are buffers that one Sign call reuses for
// title and body; Sign backs them with arrays on its stack, which is why
// analyzer is passed by value.
type analyzer struct {
	raws     []rawToken
	buf      []byte   // lower-cased token text
	words    []uint64 // normalized words, stop words and credits removed
	numbers  facts    // figures in order of first appearance
	entities facts    // capitalized names, lower-cased
}

// analyze normalizes s into words; with withFacts it also replaces the
// facts by those of s.
func (a analyzer) analyze(s string, withFacts bool) analyzer {
	s = strings.ReplaceAll(s, "US$", "$")
	a.raws, a.buf = scan(s, a.raws[:0], a.buf[:0])
	raws, text, words := a.raws, a.buf, a.words[:0]
	nums, ents := a.numbers, a.entities
	if withFacts {
		nums.hashes, ents.hashes = nums.hashes[:0], ents.hashes[:0]
	}
	for i := 0; i < len(raws); i++ {
		r := raws[i]
		low := text[r.start:r.end]
		if r.numeric {
			num, unit := splitNumber(low)
			h := fnv64(num)
			if withFacts {
				nums = nums.add(h)
			}
			words = append(words, h)
			if len(unit) == 0 {
				continue
			}
			uh := fnv64(unit)
			switch e := lexicon.lookup(uh, unit); {
			case e == nil:
				words = append(words, uh)
			case e.unit != nil:
				words = appendRefs(words, e.unit)
			case !e.ordinal:
				words = appendWord(words, uh, e)
			}
			continue
		}
		h := fnv64(low)
		e := lexicon.lookup(h, low)
		n := len(words)
		// w is the word as the facts see it; its entity flag, when it is
		// the token itself, is only worked out for a capitalized token.
		w, self := wordRef{hash: h}, true
		if p, ok := pairWord(text, raws, i, e); ok {
			w, self = p, false
			words = append(words, w.hash)
			i++
		} else {
			if e != nil && len(e.fold) == 1 {
				w, self = e.fold[0], false
			}
			words = appendWord(words, h, e)
		}
		if withFacts && r.capital && !r.sentence && len(words) == n+1 {
			if self {
				w.entity = (e == nil || !e.capitalStop) && utf8.RuneCount(low) > 1
			}
			if w.entity {
				ents = ents.add(w.hash)
			}
		}
	}
	a.words, a.numbers, a.entities = words, nums, ents
	return a
}

// pairWord folds raws[i] and raws[i+1] of text when they form a two-word
// variant; e is the lexicon entry of raws[i].
func pairWord(text []byte, raws []rawToken, i int, e *lexEntry) (wordRef, bool) {
	if i+1 >= len(raws) || e == nil || e.pairs == nil {
		return wordRef{}, false
	}
	b := raws[i+1]
	for _, p := range e.pairs {
		if p.second == string(text[b.start:b.end]) {
			return p.word, true
		}
	}
	return wordRef{}, false
}

// appendWord appends the word whose hash is h after house-style folding,
// unless it is a stop word or a credit; e is its lexicon entry or nil.
func appendWord(dst []uint64, h uint64, e *lexEntry) []uint64 {
	switch {
	case e == nil:
	case e.drop:
		return dst
	case e.fold != nil:
		return appendRefs(dst, e.fold)
	}
	return append(dst, h)
}

// appendRefs appends the hashes of ws.
func appendRefs(dst []uint64, ws []wordRef) []uint64 {
	for _, w := range ws {
		dst = append(dst, w.hash)
	}
	return dst
}
