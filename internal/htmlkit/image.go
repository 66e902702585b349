package htmlkit

import (
	"mime"
	"path"
	"strings"

	"golang.org/x/net/html"
)

// FirstImg returns the src of the first <img> of an HTML fragment, or "".
func FirstImg(s string) string {
	if !strings.Contains(s, "<img") && !strings.Contains(s, "<IMG") {
		return ""
	}
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			if string(name) != "img" {
				continue
			}
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				if string(k) == "src" && len(v) > 0 {
					return string(v)
				}
			}
		}
	}
}

// ImageType returns the declared MIME type of an image when it is an
// image type, else one guessed from the file extension of u, else "".
func ImageType(u, declared string) string {
	if t, _, err := mime.ParseMediaType(declared); err == nil && strings.HasPrefix(t, "image/") {
		return t
	}
	return GuessImageType(u)
}

// imageTypes maps the file extensions of web images to their MIME types;
// a fixed table, since mime.TypeByExtension depends on the host.
var imageTypes = map[string]string{
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
	".gif": "image/gif", ".webp": "image/webp", ".avif": "image/avif",
	".svg": "image/svg+xml",
}

// GuessImageType guesses an image MIME type from the path of URL u, or
// returns "" when its extension is not a web image's.
func GuessImageType(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	return imageTypes[strings.ToLower(path.Ext(u))]
}
