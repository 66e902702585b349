package dedupe

import (
	"errors"
	"reflect"
	"testing"
)

// FuzzDecode feeds arbitrary bytes (a corrupted database column) to
// Decode: it must not panic, must fail with ErrBadSignature or succeed,
// and what it accepts must survive a round trip.
func FuzzDecode(f *testing.F) {
	f.Add(Sign(sampleTitle, sampleBody).Bytes())
	f.Add(Sign("", "").Bytes())
	f.Add(Sign("Breaking: explosion in Beirut", "").Bytes())
	f.Add([]byte{sigVersion})
	f.Add([]byte("garbage"))
	f.Fuzz(func(t *testing.T, p []byte) {
		s, err := Decode(p)
		if err != nil {
			if !errors.Is(err, ErrBadSignature) {
				t.Fatalf("Decode error %v does not wrap ErrBadSignature", err)
			}
			return
		}
		again, err := Decode(s.Bytes())
		if err != nil {
			t.Fatalf("re-encoded signature does not decode: %v", err)
		}
		if !reflect.DeepEqual(s, again) {
			t.Fatalf("round trip changed the signature")
		}
		NewMatcher(0).Compare(s, again)
	})
}

// FuzzSign feeds arbitrary upstream text to Sign: it must not panic, must
// be deterministic, must round-trip and must fit the storage budget.
func FuzzSign(f *testing.F) {
	f.Add(sampleTitle, sampleBody)
	f.Add("", "")
	f.Add("UPDATE 1-", "TEHRAN (AFP) - ")
	f.Add("’s", "1,,2..3::4 % $5m 25th U.S. Q3 per cent\n© 2026")
	f.Add("\xff\xfe", "ST. LOUIS, Mo. -- \u2014\u201c\u201d")
	f.Fuzz(func(t *testing.T, title, body string) {
		s := Sign(title, body)
		if !reflect.DeepEqual(s, Sign(title, body)) {
			t.Fatal("Sign is not deterministic")
		}
		p := s.Bytes()
		if len(p) > 600 {
			t.Fatalf("signature is %d bytes", len(p))
		}
		d, err := Decode(p)
		if err != nil {
			t.Fatalf("Decode(Bytes()): %v", err)
		}
		if !reflect.DeepEqual(s, d) {
			t.Fatal("round trip changed the signature")
		}
		if n := len(s.Bands); n != 0 && n != MainBands && n != MainBands+LeadBands && n != MainBands+LeadBands+1 {
			t.Fatalf("%d bands", n)
		}
	})
}
