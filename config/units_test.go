package config

import (
	"errors"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"90s", 90 * time.Second, true},
		{"10m", 10 * time.Minute, true},
		{"1h30m", 90 * time.Minute, true},
		{"720h", 720 * time.Hour, true},
		{"30d", 30 * 24 * time.Hour, true},
		{"1d12h", 36 * time.Hour, true},
		{"1.5d", 36 * time.Hour, true},
		{"-2d", -48 * time.Hour, true},
		{" 5m ", 5 * time.Minute, true},
		{"0", 0, true},
		{"", 0, false},
		{"10", 0, false},
		{"d", 0, false},
		{"5 days", 0, false},
		{"3dd", 0, false},
		{"1w", 0, false},
		{"99999999999d", 0, false},
		{"200000d", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDuration(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("ParseDuration(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrSyntax) {
				t.Errorf("error %v does not wrap ErrSyntax", err)
			}
			if got != tt.want {
				t.Errorf("ParseDuration(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{10 * time.Minute, "10m"},
		{90 * time.Minute, "1h30m"},
		{2 * time.Hour, "2h"},
		{30 * 24 * time.Hour, "30d"},
		{45 * time.Second, "45s"},
		{0, "0s"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := FormatDuration(tt.in)
			if got != tt.want {
				t.Errorf("FormatDuration(%v) = %q, want %q", tt.in, got, tt.want)
			}
			back, err := ParseDuration(got)
			if err != nil || back != tt.in {
				t.Errorf("round trip %q -> %v, %v", got, back, err)
			}
		})
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1048576", 1 << 20, true},
		{"512KiB", 512 << 10, true},
		{"512kb", 512 << 10, true},
		{"10MB", 10 << 20, true},
		{"10 MiB", 10 << 20, true},
		{"1GB", 1 << 30, true},
		{"1.5M", 3 << 19, true},
		{"2t", 2 << 40, true},
		{"100B", 100, true},
		{"1_000", 1000, true},
		{"", 0, false},
		{"MB", 0, false},
		{"-1", 0, false},
		{"10 parsecs", 0, false},
		{"1.2.3MB", 0, false},
		{"99999999TB", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSize(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("ParseSize(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			}
			if got != tt.want {
				t.Errorf("ParseSize(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestTitleFromSlug(t *testing.T) {
	for in, want := range map[string]string{"middle-east": "Middle East", "world": "World", "asia-pacific": "Asia Pacific", "g20": "G20"} {
		if got := titleFromSlug(in); got != want {
			t.Errorf("titleFromSlug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Middle East":          "middle-east",
		"  Économie & Marchés": "economie-marches",
		"Asia/Pacific":         "asia-pacific",
		"News 24":              "news-24",
		"日本":                   "",
		"---":                  "",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := Slugify(in); got != want {
				t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
			}
		})
	}
}
