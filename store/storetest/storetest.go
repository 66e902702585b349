// Package storetest is the contract every store backend must honour, as
// one suite of tests: call Run from the backend's own test with a function
// that opens a fresh, empty store. The tests go through store.Store only,
// never SQL, so that a backend is judged by what callers see: idempotent
// saves, updates in place, exact and near-duplicate merging (through the
// store's own band candidates and through a caller's), withdrawal,
// restoration and pruning, the change and editorial logs, the archive
// reads, search, sources and WebSub subscriptions, and all-or-nothing
// transactions.
//
// Time is the suite's: it sets the store's clock (Store.SetClock) to a
// fixed date, so no outcome depends on today's date.
package storetest

import (
	"testing"

	"github.com/wiredesk/wiredesk/store"
)

// Opener opens a fresh, empty store for one test; it fails t when it
// cannot. The suite sets its clock and closes it when the test ends.
type Opener func(t *testing.T) store.Store

// contractTest is one test of the contract.
type contractTest struct {
	name string
	fn   func(t *testing.T, open Opener)
}

// contract lists the tests, by name.
func contract() []contractTest {
	return []contractTest{
		{"PublishedBetweenAndBefore", testPublishedBetweenAndBefore},
		{"SaveFetchesAllOrNothing", testSaveFetchesAllOrNothing},
		{"SaveFetchesSeesEarlierFetches", testSaveFetchesSeesEarlierFetches},
		{"SaveFetchesCancelled", testSaveFetchesCancelled},
		{"ChangesFollowCommitsWithoutGaps", testChangesFollowCommitsWithoutGaps},
		{"ChangesSkipDuplicates", testChangesSkipDuplicates},
		{"ChangeHeadNeverGoesDown", testChangeHeadNeverGoesDown},
		{"CountOnlyIn", testCountOnlyIn},
		{"TombstonesNewestFirst", testTombstonesNewestFirst},
		{"WithdrawRestore", testWithdrawRestore},
		{"EditorialLog", testEditorialLog},
		{"WithdrawnLists", testWithdrawnLists},
		{"ImageCaptionStored", testImageCaptionStored},
		{"Prune", testPrune},
		{"Latest", testLatest},
		{"ItemLookup", testItemLookup},
		{"Refile", testRefile},
		{"SaveFetchAllOrNothing", testSaveFetchAllOrNothing},
		{"SaveFetchIdempotent", testSaveFetchIdempotent},
		{"SaveFetchRoundTrip", testSaveFetchRoundTrip},
		{"SaveFetchUpdateInPlace", testSaveFetchUpdateInPlace},
		{"SaveFetchUpstreamUpdatedAt", testSaveFetchUpstreamUpdatedAt},
		{"SaveFetchLinkDuplicate", testSaveFetchLinkDuplicate},
		{"SaveFetchMatch", testSaveFetchMatch},
		{"SaveFetchMatchUndated", testSaveFetchMatchUndated},
		{"CallerCandidates", testCallerCandidates},
		{"StoreCandidatesInBatch", testStoreCandidatesInBatch},
		{"RecentRoots", testRecentRoots},
		{"WithdrawnResent", testWithdrawnResent},
		{"SaveFetchCategoryBytes", testSaveFetchCategoryBytes},
		{"SaveFetchRefileInFetch", testSaveFetchRefileInFetch},
		{"SaveFetchKeyBeforeLink", testSaveFetchKeyBeforeLink},
		{"SearchQueries", testSearchQueries},
		{"SearchIndexMaintenance", testSearchIndexMaintenance},
		{"SearchStoppedByDeadline", testSearchStoppedByDeadline},
		{"SyncSourcesKeepsState", testSyncSourcesKeepsState},
		{"SourcesOrderAndCounts", testSourcesOrderAndCounts},
		{"LatestPublished", testLatestPublished},
		{"SaveFetchUnknownSource", testSaveFetchUnknownSource},
		{"SubscriptionsLifecycle", testSubscriptionsLifecycle},
	}
}

// Run runs the whole contract against the stores open opens, each test
// as a subtest of t on a store of its own.
func Run(t *testing.T, open Opener) {
	for _, tc := range contract() {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open) })
	}
}
