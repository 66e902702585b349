package region

// mention is one gazetteer phrase found in the story.
type mention struct {
	e       *entry
	tok, n  int32 // first token and number of tokens
	zone    zone  // zone of the first token
	country cc    // chosen country; 0 when dropped or not yet resolved
	forced  cc    // country fixed by a local rule ("Athens, Georgia" -> US)
	drop    bool
}

// match finds the longest gazetteer phrase at each position, left to right,
// and records it; a phrase never spans a comma, a line break or a sentence
// end, and its words must have the capitalisation the gazetteer requires.
func (g *gazetteer) match(sc *scratch) {
	toks := sc.toks
	for cap(sc.tokMent) < len(toks) {
		sc.tokMent = append(sc.tokMent[:cap(sc.tokMent)], -1)
	}
	sc.tokMent = sc.tokMent[:len(toks)]
	for i := range sc.tokMent {
		sc.tokMent[i] = -1
	}
	for i := 0; i < len(toks); {
		if !g.mayStart(toks[i], sc.key(i)) {
			i++
			continue
		}
		n := g.root[string(sc.key(i))]
		if n == nil {
			if e := g.stateAbbrev(sc, i); e != nil {
				sc.tokMent[i] = int32(len(sc.ments))
				sc.ments = append(sc.ments, mention{e: e, tok: int32(i), n: 1, zone: toks[i].zone})
			}
			i++
			continue
		}
		var best *entry
		bestLen := 0
		for j := i; ; {
			if e := n.accept(toks[i : j+1]); e != nil {
				best, bestLen = e, j-i+1
			}
			if j+1 >= len(toks) || n.next == nil || !joins(toks[j+1]) {
				break
			}
			nx := n.next[string(sc.key(j+1))]
			if nx == nil {
				break
			}
			n = nx
			j++
		}
		if best == nil {
			i++
			continue
		}
		for k := i; k < i+bestLen; k++ {
			sc.tokMent[k] = int32(len(sc.ments))
		}
		sc.ments = append(sc.ments, mention{e: best, tok: int32(i), n: int32(bestLen), zone: toks[i].zone})
		i += bestLen
	}
}

// mayStart is a cheap filter before the map lookup: most words are lower
// case, and only a few phrases ("guinea pig", cue words) start with one.
func (g *gazetteer) mayStart(t token, key []byte) bool {
	if t.flags&fUpper != 0 {
		return true
	}
	c := key[0]
	return 'a' <= c && c <= 'z' && len(key) < 32 && g.lowerLen[c-'a']&(1<<len(key)) != 0
}

// joins reports whether a token may continue a phrase started before it.
func joins(t token) bool {
	return t.sep == sepSpace || t.sep == sepJoin || t.sep == sepAbbrev
}

// accept returns the entry whose case pattern the tokens satisfy.
func (n *node) accept(toks []token) *entry {
	for _, v := range n.vars {
		ok := true
		for k, r := range v.req {
			f := toks[k].flags
			switch {
			case r == reqUpper && f&fUpper == 0,
				r == reqAllCaps && f&fAllCaps == 0:
				ok = false
			}
		}
		if ok {
			return v.e
		}
	}
	return nil
}

// stateAbbrev returns the entry of a US state or Canadian province
// abbreviation at token i when it stands in the dateline after a comma:
// "SANTA CLARA, Calif., April 14 -", "WHEELING, W. Va., March 2 -",
// "WATERLOO, Ont., March 4 -". Elsewhere "Mass." or "Miss." is too often
// a word; after a known place the City, State rule reads it (cityState).
func (g *gazetteer) stateAbbrev(sc *scratch, i int) *entry {
	t := sc.toks[i]
	if t.zone != zoneDateline || t.flags&fUpper == 0 || t.flags&(fDot|fDotted) == 0 {
		return nil
	}
	key := sc.key(i)
	switch {
	case t.sep == sepComma:
	case t.sep == sepAbbrev && i > 0 && sc.toks[i-1].sep == sepComma && sc.toks[i-1].ke-sc.toks[i-1].ks == 1:
		// "W. Va.": the abbreviation's first letter is a token of its own.
		var arr [8]byte
		if len(key) >= len(arr) {
			return nil
		}
		key = append(append(arr[:0], sc.key(i-1)...), key...)
	default:
		return nil
	}
	return g.stateAbbrevs[string(key)]
}
