package region

import "testing"

// TestThresholdRobustness logs the evaluation over a grid of thresholds
// and checks that the region figure does not hinge on one knife-edge
// setting: every relative threshold from 0.25 to 0.5 with a floor of 1.5 to
// 3 points keeps region micro-F1 at or above 0.92.
func TestThresholdRobustness(t *testing.T) {
	stories := loadStories(t)
	for _, rel := range []float64{0.25, 0.35, 0.5} {
		for _, floor := range []float64{1.5, 2, 3} {
			d := New()
			d.opt.relScore, d.opt.minScore = rel, floor
			reg, cty, _ := evaluate(d, stories, false)
			_, _, fr := reg.scores()
			_, _, fc := cty.scores()
			t.Logf("rel=%.2f floor=%.1f  region F1=%.3f  country F1=%.3f", rel, floor, fr, fc)
			if fr < 0.92 {
				t.Errorf("rel=%.2f floor=%.1f: region F1 %.3f < 0.92", rel, floor, fr)
			}
		}
	}
}
