package config

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ErrSyntax marks a value that does not parse as a duration or size.
var ErrSyntax = errors.New("invalid syntax")

// ParseDuration parses a Go duration ("90s", "1h30m") extended with a
// "d" unit of 24 hours ("30d", "1d12h"), the unit operators reach for when
// writing retention horizons. A bare "0" is zero; other bare numbers are
// rejected because a missing unit is almost always a mistake.
func ParseDuration(s string) (time.Duration, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, fmt.Errorf("empty duration: %w", ErrSyntax)
	}
	if !strings.Contains(in, "d") {
		d, err := time.ParseDuration(in)
		if err != nil {
			return 0, fmt.Errorf("%q is not a duration like 90s, 10m, 72h or 30d: %w", s, ErrSyntax)
		}
		return d, nil
	}
	neg := false
	rest := in
	if rest[0] == '-' || rest[0] == '+' {
		neg = rest[0] == '-'
		rest = rest[1:]
	}
	var total time.Duration
	for rest != "" {
		i := 0
		for i < len(rest) && (rest[i] == '.' || (rest[i] >= '0' && rest[i] <= '9')) {
			i++
		}
		j := i
		for j < len(rest) && !(rest[j] == '.' || (rest[j] >= '0' && rest[j] <= '9')) {
			j++
		}
		num, unit := rest[:i], rest[i:j]
		rest = rest[j:]
		if num == "" || unit == "" {
			return 0, fmt.Errorf("%q is not a duration like 90s, 10m, 72h or 30d: %w", s, ErrSyntax)
		}
		var part time.Duration
		if unit == "d" {
			f, err := strconv.ParseFloat(num, 64)
			if err != nil || f*24 > float64(math.MaxInt64/int64(time.Hour)) {
				return 0, fmt.Errorf("%q is not a duration like 90s, 10m, 72h or 30d: %w", s, ErrSyntax)
			}
			part = time.Duration(f * 24 * float64(time.Hour))
		} else {
			d, err := time.ParseDuration(num + unit)
			if err != nil {
				return 0, fmt.Errorf("%q is not a duration like 90s, 10m, 72h or 30d: %w", s, ErrSyntax)
			}
			part = d
		}
		if total > math.MaxInt64-part {
			return 0, fmt.Errorf("%q is too long a duration: %w", s, ErrSyntax)
		}
		total += part
	}
	if neg {
		total = -total
	}
	return total, nil
}

// FormatDuration writes d the way an operator would: whole days as "30d",
// otherwise Go's notation without trailing zero units ("10m", "1h30m").
func FormatDuration(d time.Duration) string {
	if d != 0 && d%(24*time.Hour) == 0 {
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// sizeUnits maps a lower-case size suffix to its multiplier. KB, MB and GB
// are binary (1024-based) so that "max_body: 10MB" is exactly the built-in
// default of 10 MiB; the IEC spellings KiB, MiB, GiB mean the same.
var sizeUnits = map[string]float64{
	"": 1, "b": 1,
	"k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10,
	"m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20,
	"g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30,
	"t": 1 << 40, "tb": 1 << 40, "tib": 1 << 40,
}

// ParseSize parses a byte count: plain bytes ("1048576") or a number with
// a unit ("512KiB", "10MB", "1.5GB", case-insensitive). KB/MB/GB are
// 1024-based, like KiB/MiB/GiB.
func ParseSize(s string) (int64, error) {
	in := strings.TrimSpace(s)
	i := 0
	for i < len(in) && (in[i] == '.' || in[i] == '_' || (in[i] >= '0' && in[i] <= '9')) {
		i++
	}
	num := strings.ReplaceAll(in[:i], "_", "")
	unit := strings.ToLower(strings.TrimSpace(in[i:]))
	mult, ok := sizeUnits[unit]
	if num == "" || !ok {
		return 0, fmt.Errorf("%q is not a size like 1048576, 512KiB, 10MB or 1GB: %w", s, ErrSyntax)
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a size like 1048576, 512KiB, 10MB or 1GB: %w", s, ErrSyntax)
	}
	v := f * mult
	if v >= math.MaxInt64 {
		return 0, fmt.Errorf("%q is too large a size: %w", s, ErrSyntax)
	}
	return int64(v), nil
}
