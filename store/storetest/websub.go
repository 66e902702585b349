package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/store"
)

func testSubscriptionsLifecycle(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	sub, err := db.SaveSubscription(ctx, store.Subscription{Topic: "https://n.example/feeds/world.atom",
		Callback: "https://sub.example/cb", Secret: "s1", LeaseUntil: t0.Add(time.Hour), DeliveredSeq: 7})
	if err != nil {
		t.Fatal(err)
	}
	if sub.ID == 0 || sub.DeliveredSeq != 7 || !sub.CreatedAt.Equal(t0) {
		t.Fatalf("new subscription = %+v", sub)
	}
	// A failure, then a success: the progress and the backoff are kept.
	err = db.RecordDeliveries(ctx, []store.Delivery{{ID: sub.ID, Attempts: 2, NextAttempt: t0.Add(time.Minute), Status: 500, Error: "boom"}})
	if err != nil {
		t.Fatal(err)
	}
	subs, err := db.Subscriptions(ctx)
	if err != nil || len(subs) != 1 || subs[0].Attempts != 2 || subs[0].LastError != "boom" ||
		!subs[0].NextAttempt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("after failure: %+v, %v", subs, err)
	}
	if err := db.RecordDeliveries(ctx, []store.Delivery{{ID: sub.ID, OK: true, Seq: 9, Status: 204}}); err != nil {
		t.Fatal(err)
	}
	// A renewal replaces secret and lease, keeps the progress.
	renewed, err := db.SaveSubscription(ctx, store.Subscription{Topic: sub.Topic, Callback: sub.Callback,
		Secret: "s2", LeaseUntil: t0.Add(2 * time.Hour), DeliveredSeq: 1})
	if err != nil {
		t.Fatal(err)
	}
	if renewed.ID != sub.ID || renewed.DeliveredSeq != 9 || renewed.Secret != "s2" || renewed.Attempts != 0 ||
		!renewed.LeaseUntil.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("renewed = %+v", renewed)
	}
	if n, err := db.ExpireSubscriptions(ctx, t0.Add(90*time.Minute)); err != nil || n != 0 {
		t.Fatalf("expire before the lease ends: %d, %v", n, err)
	}
	if n, err := db.ExpireSubscriptions(ctx, t0.Add(3*time.Hour)); err != nil || n != 1 {
		t.Fatalf("expire after the lease: %d, %v", n, err)
	}
	if err := db.DeleteSubscription(ctx, sub.Topic, sub.Callback); err != nil {
		t.Fatalf("unsubscribe of a gone subscription: %v", err)
	}
}
