package dedupe

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// sigVersion is the first byte of an encoded signature. Version 1 held a
// MinHash of 128 independent permutations; version 2, with the same
// layout, holds the round-based MinHash of shingleSet.sketch, whose values
// cannot be compared with version 1 ones. Decode rejects every other
// version, so a story signed by another release counts as having no
// signature (it is never merged by mistake) until it is signed again.
const sigVersion = 2

// maxShingles bounds the set sizes Decode accepts: more than maxInput
// bytes of text cannot produce more shingles than bytes.
const maxShingles = 2 * maxInput

// ErrBadSignature is returned by Decode for bytes that are not a signature
// written by Bytes of this package version.
var ErrBadSignature = errors.New("dedupe: bad signature")

// emptyMain is the MinHash of an empty shingle set.
var emptyMain = func() (m [NumHashes]uint16) {
	for i := range m {
		m[i] = ^uint16(0)
	}
	return m
}()

// Bytes encodes the signature compactly (at most 538 bytes: 530 and the
// headline key of a short item) for storage.
// The encoding is versioned and opaque; Bands are not stored.
func (s Signature) Bytes() []byte {
	b := make([]byte, 0, 64+2*(NumHashes+len(s.lead)+len(s.numbers)+len(s.entities)))
	b = append(b, sigVersion)
	b = binary.LittleEndian.AppendUint64(b, s.Fingerprint)
	b = binary.AppendUvarint(b, uint64(s.size))
	b = binary.AppendUvarint(b, uint64(s.bodySize))
	for _, v := range s.main {
		b = binary.LittleEndian.AppendUint16(b, v)
	}
	for _, set := range [][]uint16{s.lead, s.numbers, s.entities} {
		b = append(b, byte(len(set)))
		for _, v := range set {
			b = binary.LittleEndian.AppendUint16(b, v)
		}
	}
	if s.headline != 0 {
		// Optional, so that signatures written before it decode as they
		// were (no headline band).
		b = binary.LittleEndian.AppendUint64(b, s.headline)
	}
	return b
}

// Decode parses bytes written by Signature.Bytes and rebuilds the bands.
// It returns an error wrapping ErrBadSignature for anything else.
func Decode(p []byte) (Signature, error) {
	s, err := decode(p, nil)
	if err != nil {
		return Signature{}, err
	}
	s.Bands = s.bands()
	return s, nil
}

// decode parses a signature without rebuilding its bands, which Match
// does not need. Its sets are carved from back (Match passes a buffer on
// its stack, reused for every candidate) or, when back is too short, from
// one new slice.
func decode(p []byte, back []uint16) (Signature, error) {
	var s Signature
	d := decoder{p: p, back: back[:0]}
	if v := d.byte(); v != sigVersion {
		return Signature{}, fmt.Errorf("%w: version %d", ErrBadSignature, v)
	}
	s.Fingerprint = d.uint64()
	s.size, s.bodySize = d.count(), d.count()
	for i := range s.main {
		s.main[i] = d.uint16()
	}
	s.lead = d.set(LeadShingles)
	s.numbers = d.set(maxNumbers)
	s.entities = d.set(maxEntities)
	if len(d.p) == 8 {
		if s.headline = d.uint64(); s.headline == 0 {
			return Signature{}, fmt.Errorf("%w: zero headline key", ErrBadSignature)
		}
	}
	if d.err != nil {
		return Signature{}, d.err
	}
	if len(d.p) != 0 {
		return Signature{}, fmt.Errorf("%w: %d trailing bytes", ErrBadSignature, len(d.p))
	}
	if s.bodySize > s.size || len(s.lead) > s.bodySize || (s.size == 0) != (s.main == emptyMain) {
		return Signature{}, fmt.Errorf("%w: inconsistent sizes %d/%d/%d",
			ErrBadSignature, s.size, s.bodySize, len(s.lead))
	}
	return s, nil
}

// decoder reads fixed-size fields, remembering the first error.
type decoder struct {
	p    []byte
	back []uint16 // where sets are carved from
	err  error
}

func (d *decoder) take(n int) []byte {
	if d.err != nil {
		return nil
	}
	if len(d.p) < n {
		d.err = fmt.Errorf("%w: truncated", ErrBadSignature)
		return nil
	}
	b := d.p[:n]
	d.p = d.p[n:]
	return b
}

func (d *decoder) byte() byte {
	if b := d.take(1); b != nil {
		return b[0]
	}
	return 0
}

func (d *decoder) uint64() uint64 {
	if b := d.take(8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

func (d *decoder) uint16() uint16 {
	if b := d.take(2); b != nil {
		return binary.LittleEndian.Uint16(b)
	}
	return 0
}

func (d *decoder) count() int {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.p)
	if n <= 0 || v > maxShingles {
		d.err = fmt.Errorf("%w: bad count", ErrBadSignature)
		return 0
	}
	d.p = d.p[n:]
	return int(v)
}

func (d *decoder) set(limit int) []uint16 {
	n := int(d.byte())
	if n > limit {
		d.err = fmt.Errorf("%w: %d facts, at most %d", ErrBadSignature, n, limit)
		return nil
	}
	b := d.take(2 * n)
	if b == nil || n == 0 {
		return nil
	}
	if len(d.back)+n > cap(d.back) {
		// Room for the largest sets that may follow.
		d.back = make([]uint16, 0, n+maxNumbers+maxEntities)
	}
	out := d.back[len(d.back) : len(d.back)+n : len(d.back)+n]
	d.back = d.back[:len(d.back)+n]
	for i := range out {
		out[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return out
}
