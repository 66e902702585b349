package config

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// maxExpanded bounds the values of a configuration once its aliases are
// followed. Anchors are handy for a shared keyword list, but every
// reference is decoded (and matched against every story) as a copy: a
// 110 KB file of a 6,000-keyword list referenced by 2,000 categories is
// twelve million values, 15 s and 1.7 GB to check. A file is refused when
// its aliases take it past maxExpanded values and more than double it.
const maxExpanded = 1_000_000

// checkAliases returns an error naming path and the line of the heaviest
// alias when aliases expand root beyond maxExpanded values.
func checkAliases(path string, root *yaml.Node) error {
	memo := map[*yaml.Node]int{}
	var heaviest *yaml.Node
	heavy := 0
	var size func(n *yaml.Node, depth int) int
	size = func(n *yaml.Node, depth int) int {
		if n == nil || depth > 64 {
			return 1
		}
		if v, ok := memo[n]; ok {
			return v
		}
		memo[n] = 1 // a cycle counts once
		total := 1
		if n.Kind == yaml.AliasNode {
			total = size(n.Alias, depth+1)
			if total > heavy {
				heavy, heaviest = total, n
			}
		}
		for _, c := range n.Content {
			total += size(c, depth+1)
			if total > 1<<40 {
				total = 1 << 40
			}
		}
		memo[n] = total
		return total
	}
	expanded := size(root, 0)
	literal := len(memo)
	if expanded <= maxExpanded || expanded <= 2*literal {
		return nil
	}
	line := 0
	if heaviest != nil {
		line = heaviest.Line
	}
	return Errors{{File: path, Line: line, Msg: fmt.Sprintf(
		"aliases expand the configuration to %d values from %d written (at most %d): each *reference copies its anchored list; write shorter lists or fewer references",
		expanded, literal, maxExpanded)}}
}
