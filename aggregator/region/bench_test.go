package region

import (
	"strings"
	"testing"
)

// benchStories builds ~500-word stories from the evaluation set: each one
// keeps its title and dateline and continues with the bodies of the
// following stories, so the text has realistic density of place names.
func benchStories(b *testing.B) (titles, bodies []string, words int) {
	stories := loadStories(b)
	for i, s := range stories {
		var body strings.Builder
		body.WriteString(s.body)
		n := len(strings.Fields(s.body))
		for j := i + 1; n < 500; j++ {
			next := stories[j%len(stories)].body
			body.WriteString("\n")
			body.WriteString(next)
			n += len(strings.Fields(next))
		}
		titles = append(titles, s.title)
		bodies = append(bodies, body.String())
		words += n
	}
	return titles, bodies, words / len(stories)
}

// BenchmarkDetect reports the cost of filing one ~500-word story
// (go test -bench Detect -benchmem ./aggregator/region/).
func BenchmarkDetect(b *testing.B) {
	titles, bodies, words := benchStories(b)
	d := New()
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		d.Detect(titles[i], bodies[i])
		i++
		if i == len(titles) {
			i = 0
		}
	}
	b.ReportMetric(float64(words), "words/story")
}

// BenchmarkNew reports the one-off cost of compiling the gazetteer.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		New()
	}
}
