// Package dedupe finds near-duplicate wire stories: the same agency copy
// carried by several outlets with small edits (a new headline, a trimmed
// last paragraph, house style, a dateline, a copyright footer).
//
// Each story is signed once at ingest. [Sign] normalizes title and body
// (datelines, credits, footers and house-style variants removed), cuts the
// text into word shingles and keeps:
//
//   - a 128-value MinHash of all shingles, whose agreement estimates
//     Jaccard similarity and, with the stored set sizes, containment
//     (a trimmed or extended copy); it is computed in rounds (fast
//     similarity sketching), about two hashes per shingle instead of 128;
//   - the exact set of the first [LeadShingles] body shingles, so that a
//     summary-only item still meets the full story it was cut from;
//   - short hashed sets of the story's figures and capitalized names, so
//     that templated copy (earnings, results, weather, market closes) that
//     shares its wording but not its facts is not merged;
//   - LSH band keys over the MinHash and over a MinHash of the lead
//     ([MainBands] + [LeadBands] keys), which the store indexes so that
//     candidates are found without scanning the window;
//   - a 64-bit SimHash [Signature.Fingerprint], kept for exact-ish lookups.
//
// A [Matcher] then decides, among the candidates that share a band, which
// one (if any) the new story duplicates. docs/EDITORIAL.md ("Near-duplicate
// merging") gives the measured figures behind the method and defaults.
package dedupe
