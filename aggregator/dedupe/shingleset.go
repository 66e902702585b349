package dedupe

import "math/bits"

// shingleSet collects the distinct shingle hashes of a story in an open
// addressing table, keeping their per-bit counts for the SimHash as they
// arrive; sketch then computes the MinHash from the table. Its table may live on the caller's stack: methods only write
// through it, and a grown table is a fresh heap slice.
type shingleSet struct {
	slots []uint64 // a power of two long; 0 marks a free slot
	zero  bool     // the hash 0, which cannot be kept in slots, was added
	n     int      // distinct hashes
	// planes hold the 64 per-bit counters of the SimHash bit-sliced:
	// plane k holds bit k of all 64 counters, so adding a hash costs a
	// short carry chain instead of 64 counter updates.
	planes [64]uint64
}

// add records x unless it is already in the set.
func (s *shingleSet) add(x uint64) {
	if x == 0 {
		if !s.zero {
			s.zero = true
			s.n++
		}
		return
	}
	mask := uint64(len(s.slots) - 1)
	for i := x & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case x:
			return
		case 0:
			s.slots[i] = x
			s.n++
			for k := 0; x != 0; k++ {
				s.planes[k], x = s.planes[k]^x, s.planes[k]&x
			}
			if 2*s.n > len(s.slots) {
				s.grow()
			}
			return
		}
	}
}

// grow doubles the table.
func (s *shingleSet) grow() {
	slots := make([]uint64, 2*len(s.slots))
	mask := uint64(len(slots) - 1)
	for _, x := range s.slots {
		if x == 0 {
			continue
		}
		i := x & mask
		for slots[i] != 0 {
			i = (i + 1) & mask
		}
		slots[i] = x
	}
	s.slots = slots
}

// len is the number of distinct hashes.
func (s *shingleSet) len() int { return s.n }

// simHash is Charikar's SimHash of the set: bit j is set when more hashes
// have bit j set than clear. Only the planes up to the bit length of the
// set size can be non-zero.
func (s *shingleSet) simHash() uint64 {
	var ones [64]int
	for k, p := range s.planes[:bits.Len(uint(s.n))] {
		for j := range ones {
			ones[j] |= int(p>>j&1) << k
		}
	}
	var fp uint64
	for j, n := range ones {
		if 2*n > s.n {
			fp |= 1 << j
		}
	}
	return fp
}

// sketch fills out with a MinHash of the set computed in rounds, as in
// fast similarity sketching (Dahlgaard, Knudsen and Thorup 2017): in round
// i every shingle x throws one value i·2⁴⁸+r into a pseudo-random bin
// (bin and r from one 64-bit hash of x and i), each bin keeps its smallest
// value, and rounds stop once every bin holds one, because no later value
// can be smaller. The smallest value of a bin over the union of two sets
// comes from a shingle of both with probability equal to their Jaccard
// similarity, as with NumHashes independent permutations, but a story of
// n shingles costs about max(2n, NumHashes·ln(NumHashes)) hashes (two or
// three rounds for a long story) instead of n·NumHashes. Each bin keeps 16 bits of a
// hash of its value (b-bit MinHash); 0xffff is left to the empty set.
func (s *shingleSet) sketch(out []uint16) {
	if s.n == 0 {
		for i := range out {
			out[i] = 0xffff
		}
		return
	}
	var back [512]uint64
	list := back[:0]
	for _, x := range s.slots {
		if x != 0 {
			list = append(list, x)
		}
	}
	if s.zero {
		list = append(list, 0)
	}
	var bins [NumHashes]uint64
	for i := range bins {
		bins[i] = emptyBin
	}
	filled := 0
	for round := uint64(0); filled < len(bins); round++ {
		salt := mix64(round + 0x5ce7c4)
		for _, x := range list {
			h := mix64(x ^ salt)
			b := &bins[h>>(64-binBits)]
			v := round<<48 | h&(1<<48-1)
			if *b == emptyBin {
				filled++
			}
			*b = min(*b, v)
		}
	}
	for i, v := range bins {
		out[i] = min(uint16(mix64(v)), 0xfffe)
	}
}

// binBits is log2(NumHashes): the top bits of a hash pick its bin.
const binBits = 7

// emptyBin marks a bin no value fell in yet.
const emptyBin = ^uint64(0)
