package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/xml"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// vocabulary is what generated stories are written in: wire-copy words,
// so that the tagger, the region detector and the dedupe signer do the
// work they do on real copy.
var vocabulary = strings.Fields(`minister talks border harbour election council drought
	refinery tanker protest court ruling envoy ceasefire parliament budget vaccine airport
	railway strike flood quake summit treaty tariff pipeline satellite stadium festival museum
	mayor senator general rebels convoy market shares bond inflation central bank rate growth
	exports imports harvest wheat maize fuel prices shortage rally opposition coalition cabinet
	reshuffle resignation investigation police arrested charged trial verdict appeal sentence
	hospital outbreak cases deaths injured rescue teams villages displaced refugees camp aid
	agency donors pledged million billion dollars euros contract signed deal merger company
	profits losses workers union wages talks collapsed resumed weekend officials said statement
	spokesman told reporters according to sources familiar with the matter on condition of
	anonymity because they were not authorised to speak publicly the the of and in to a for`)

// places are datelines the region detector knows.
var places = []string{"Nairobi", "Lima", "Oslo", "Hanoi", "Quito", "Dakar", "Riga", "Perth",
	"Tunis", "Lagos", "Beirut", "Amman", "Warsaw", "Bogota", "Manila", "Accra", "Lisbon", "Seoul"}

// wireFeed renders an RSS 2.0 feed of n distinct stories numbered
// first..first+n-1 for feed f. Every story has its own link, title and
// content HTML of 45+50*paras words (paras 7: ~400 words) with a few
// links and an image, so that no two stories of any feed merge as
// duplicates.
func wireFeed(f, first, n, paras int) []byte {
	var b bytes.Buffer
	b.Grow(n * 3500)
	epoch := time.Date(2026, 1, 20, 8, 0, 0, 0, time.UTC)
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Bench Wire %d</title><link>https://wire%d.example/</link><description>Generated wire %d</description>
`, f, f, f)
	for i := first + n - 1; i >= first; i-- { // newest first, as wires publish
		rng := rand.New(rand.NewPCG(uint64(f)<<32|uint64(i), 0x5eed))
		pick := func(k int) string {
			w := make([]string, k)
			for j := range w {
				w[j] = vocabulary[rng.IntN(len(vocabulary))]
			}
			return strings.Join(w, " ")
		}
		place := places[rng.IntN(len(places))]
		link := fmt.Sprintf("https://wire%d.example/news/%d/%s", f, i, strings.ReplaceAll(pick(4), " ", "-"))
		var c strings.Builder
		fmt.Fprintf(&c, `<p><strong>%s</strong> (Bench Wire %d) – %s.</p>`, strings.ToUpper(place), f, pick(30))
		fmt.Fprintf(&c, `<figure><img src="https://img.wire%d.example/%d.jpg" alt="%s" width="800" height="450"><figcaption>%s.</figcaption></figure>`,
			f, i, pick(5), pick(10))
		for p := range paras {
			fmt.Fprintf(&c, "<p>%s", pick(25))
			if p%3 == 0 {
				fmt.Fprintf(&c, ` <a href="https://wire%d.example/related/%d-%d">%s</a>`, f, i, p, pick(4))
			}
			fmt.Fprintf(&c, " %s. Story %d of wire %d.</p>", pick(25), i, f)
		}
		pub := epoch.Add(time.Duration(i) * 7 * time.Minute).Add(time.Duration(f) * time.Second)
		fmt.Fprintf(&b, "<item><guid isPermaLink=\"false\">wire%d-%d</guid><title>%s</title><link>%s</link>"+
			"<description>%s</description><content:encoded>%s</content:encoded>"+
			"<dc:creator>Wire reporter %d</dc:creator><category>World</category><pubDate>%s</pubDate></item>\n",
			f, i, xmlText(fmt.Sprintf("%s: %s (%d/%d)", place, pick(7), f, i)), xmlText(link),
			xmlText(fmt.Sprintf("<p>%s – %s.</p>", strings.ToUpper(place), pick(30))),
			xmlText(c.String()), f%5, pub.Format(time.RFC1123Z))
	}
	b.WriteString("</channel></rss>\n")
	return b.Bytes()
}

func xmlText(s string) string {
	var b strings.Builder
	if err := xml.EscapeText(&b, []byte(s)); err != nil {
		panic(err) // strings.Builder writes cannot fail
	}
	return b.String()
}

// upstream is an in-process loopback HTTP server answering each path with
// fixed bytes, honouring If-None-Match (RFC 9110 §13.1.2).
type upstream struct {
	srv  *http.Server
	ln   net.Listener
	mu   sync.RWMutex
	docs map[string]doc
}

type doc struct {
	body []byte
	etag string
}

// startUpstream listens on 127.0.0.1 and serves until ctx ends or Close.
func startUpstream(ctx context.Context) (*upstream, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("upstream listen: %w", err)
	}
	u := &upstream{ln: ln, docs: map[string]doc{}}
	u.srv = &http.Server{Handler: http.HandlerFunc(u.serve), ReadHeaderTimeout: 5 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	go func() {
		if err := u.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Println("upstream:", err)
		}
	}()
	return u, nil
}

// Set serves body at path from now on.
func (u *upstream) Set(path string, body []byte) {
	sum := sha256.Sum256(body)
	u.mu.Lock()
	u.docs[path] = doc{body, fmt.Sprintf(`"%x"`, sum[:8])}
	u.mu.Unlock()
}

// URL is the absolute URL of path.
func (u *upstream) URL(path string) string { return "http://" + u.ln.Addr().String() + path }

// Close stops the server.
func (u *upstream) Close() error {
	if err := u.srv.Close(); err != nil {
		return fmt.Errorf("close upstream: %w", err)
	}
	return nil
}

func (u *upstream) serve(w http.ResponseWriter, r *http.Request) {
	u.mu.RLock()
	d, ok := u.docs[r.URL.Path]
	u.mu.RUnlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("ETag", d.etag)
	if r.Header.Get("If-None-Match") == d.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	w.Header().Set("Content-Length", fmt.Sprint(len(d.body)))
	if _, err := w.Write(d.body); err != nil {
		return // the client went away; nothing to do
	}
}
