package storetest

import (
	"testing"
	"time"
)

// testImageCaptionStored: the lead image's caption, credit and size are
// kept with the story and read back, and follow an upstream update.
func testImageCaptionStored(t *testing.T, open Opener) {
	db := openTest(t, open)
	src := addSources(t, db, "https://a.example/feed")[0]
	it := newStory(src, "img", t0.Add(-time.Hour), "world")
	it.ImageURL, it.ImageType = "https://img.example/a.jpg", "image/jpeg"
	it.ImageCaption, it.ImageCredit, it.ImageLength = "Crowds in Algiers.", "Photo: AFP", 48213
	save(t, db, src, it)
	got := mustItem(t, db, it.ID)
	if got.ImageCaption != it.ImageCaption || got.ImageCredit != it.ImageCredit || got.ImageLength != it.ImageLength {
		t.Errorf("read back %q %q %d", got.ImageCaption, got.ImageCredit, got.ImageLength)
	}
	it.ContentHTML += "<p>Update.</p>"
	it.ImageCaption = "Crowds in Algiers on Friday."
	save(t, db, src, it)
	if got := mustItem(t, db, it.ID); got.ImageCaption != it.ImageCaption {
		t.Errorf("after update caption = %q", got.ImageCaption)
	}
}
