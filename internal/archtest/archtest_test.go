package archtest

import (
	"bufio"
	"bytes"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/wiredesk/wiredesk/"

// layers ranks every package of the module, the longest matching row
// winning (a row ending in "/" matches only below it): a package may
// import packages of its own layer or lower ones, never a higher one. A
// package that matches no row fails the test, so that a new package is
// placed on purpose (and in docs/ARCHITECTURE.md).
var layers = []struct {
	prefix string
	layer  int
}{
	// 0: the shared vocabulary and leaf tools, importing nothing of ours.
	{"story", 0},
	{"internal/clock", 0},
	{"internal/htmlkit", 0},
	{"internal/wirecopy", 0},
	{"internal/atomicfile", 0},
	{"internal/pgcluster", 0}, // test and benchmark support
	{"internal/pgtest", 0},
	{"internal/archtest", 0},
	{"store/query", 0},
	// 1: the configuration and the store's interface.
	{"config", 1},
	{"store", 1},
	// 2: the store backends (store/sqlite, store/postgres, any new
	// store/NAME) and their contract suite, store/storetest.
	{"store/", 2},
	// 3: the two sides, which read the store through its interface, and
	// the opener of a backend by URL.
	{"aggregator", 3},
	{"publisher", 3},
	{"store/backend", 3},
	// 4: the running desk between the two sides.
	{"internal/desk", 4},
	// 5: wiring: the command and the benchmark harness.
	{"cmd", 5},
	{"bench", 5},
}

func layerOf(pkg string) (int, bool) {
	best, layer := -1, 0
	for _, l := range layers {
		match := pkg == l.prefix || strings.HasPrefix(pkg, l.prefix+"/")
		if strings.HasSuffix(l.prefix, "/") {
			match = strings.HasPrefix(pkg, l.prefix)
		}
		if match && len(l.prefix) > best {
			best, layer = len(l.prefix), l.layer
		}
	}
	return layer, best >= 0
}

// isBackend reports whether pkg is (inside) a store backend: a folder
// under store/ other than the query language, the contract suite and
// the opener.
func isBackend(pkg string) bool {
	name, _, _ := strings.Cut(strings.TrimPrefix(pkg, "store/"), "/")
	return strings.HasPrefix(pkg, "store/") && name != "query" && name != "storetest" && name != "backend"
}

// within reports whether pkg is tree or inside it.
func within(pkg, tree string) bool { return pkg == tree || strings.HasPrefix(pkg, tree+"/") }

// drivers are the database drivers; only their backends may import them.
var drivers = []string{"modernc.org/sqlite", "github.com/jackc/pgx", "github.com/lib/pq", "github.com/mattn/go-sqlite3", "database/sql"}

// driverImporters are the packages besides the store backends allowed to
// import a driver: the throwaway PostgreSQL clusters of tests and
// benchmarks, which create and drop databases, not wiredesk's data.
var driverImporters = []string{"internal/pgtest", "bench"}

type pkg struct {
	path          string
	imports, deps []string // ours without the module prefix; others whole
}

// list runs go list over the module: each package's direct imports and
// its transitive dependencies (go list -deps of it), tests left out.
func list(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}}|{{join .Imports ","}}|{{join .Deps ","}}`, "./...")
	cmd.Dir = filepath.Join("..", "..")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	trim := func(s string) []string {
		var out []string
		for _, p := range strings.Split(s, ",") {
			if p != "" {
				out = append(out, strings.TrimPrefix(p, module))
			}
		}
		return out
	}
	var pkgs []pkg
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "|")
		if len(f) != 3 {
			t.Fatalf("go list line %q", sc.Text())
		}
		pkgs = append(pkgs, pkg{path: strings.TrimPrefix(f[0], module), imports: trim(f[1]), deps: trim(f[2])})
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found %d packages", len(pkgs))
	}
	return pkgs
}

func ours(p string) bool { return !strings.Contains(strings.Split(p, "/")[0], ".") && layerKnown(p) }

func layerKnown(p string) bool { _, ok := layerOf(p); return ok }

// TestImportsGoOneWay: no package imports one of a higher layer; the
// aggregator and the publisher never import each other; publisher/feed,
// the pure renderer, reaches no store and no configuration; story imports
// nothing of ours.
func TestImportsGoOneWay(t *testing.T) {
	for _, p := range list(t) {
		from, ok := layerOf(p.path)
		if !ok {
			t.Errorf("%s is in no layer: add it to archtest's layers and docs/ARCHITECTURE.md", p.path)
			continue
		}
		for _, imp := range p.imports {
			if !ours(imp) {
				continue
			}
			if to, _ := layerOf(imp); to > from {
				t.Errorf("%s (layer %d) imports %s (layer %d): against the direction", p.path, from, imp, to)
			}
			if (within(p.path, "aggregator") && within(imp, "publisher")) || (within(p.path, "publisher") && within(imp, "aggregator")) {
				t.Errorf("%s imports %s: the aggregator and the publisher meet only in the store", p.path, imp)
			}
		}
		for _, dep := range p.deps {
			switch {
			case within(p.path, "publisher/feed") && (within(dep, "store") || within(dep, "config") || within(dep, "aggregator")):
				t.Errorf("%s depends on %s: the renderer takes story types and its Channel only", p.path, dep)
			case within(p.path, "story") && ours(dep):
				t.Errorf("story depends on %s: it imports nothing of ours", dep)
			}
		}
	}
}

// TestDriversStayInTheirBackends: nothing but a store backend imports a
// database driver, so a second backend never drags the first into every
// package; the aggregator, the publisher and the store interface do not
// even depend on one.
func TestDriversStayInTheirBackends(t *testing.T) {
	isDriver := func(p string) bool {
		return slices.ContainsFunc(drivers, func(d string) bool { return within(p, d) })
	}
	for _, p := range list(t) {
		allowed := isBackend(p.path) || slices.ContainsFunc(driverImporters, func(a string) bool { return within(p.path, a) })
		for _, imp := range p.imports {
			if isDriver(imp) && !allowed {
				t.Errorf("%s imports the database driver %s: only the store backends (store/sqlite, store/postgres) may", p.path, imp)
			}
		}
		if p.path == "store" || within(p.path, "aggregator") || within(p.path, "publisher") || within(p.path, "config") || within(p.path, "story") {
			for _, dep := range p.deps {
				if isDriver(dep) {
					t.Errorf("%s depends on the database driver %s", p.path, dep)
				}
			}
		}
	}
}

func TestLayerTable(t *testing.T) {
	for pkg, want := range map[string]int{
		"store": 1, "store/sqlite": 2, "store/mysql": 2, "store/query": 0, "store/backend": 3,
		"publisher/feed": 3, "internal/desk": 4, "cmd/wiredesk": 5, "story": 0,
	} {
		if got, ok := layerOf(pkg); !ok || got != want {
			t.Errorf("layerOf(%s) = %d, %v; want %d", pkg, got, ok, want)
		}
	}
	if _, ok := layerOf("internal/newthing"); ok {
		t.Error("an unplaced internal package has a layer")
	}
	for pkg, want := range map[string]bool{"store/sqlite": true, "store/postgres/x": true, "store/query": false, "store/backend": false, "store": false, "storex": false} {
		if isBackend(pkg) != want {
			t.Errorf("isBackend(%s) = %v", pkg, !want)
		}
	}
}
