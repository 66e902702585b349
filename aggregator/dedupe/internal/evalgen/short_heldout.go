package main

import "math/rand/v2"

// shortHeldout are the held-out short items: written before the short-item
// rules were tuned and measured once, with nothing tuned on them after.
var shortHeldout = []shortTemplate{
	{name: "year-results",
		title: "{co} <{tk}> YEAR NET",
		body: "{town}, {st}, {date} -\nShr {shr} dlrs vs {shr0} dlrs\nNet {net} mln vs {net0} mln\nSales {rev} mln vs {rev0} mln\n" +
			"Avg shrs {avg} vs {avg0}\nNOTE: {note}\nReuter",
		fill: func(r *rand.Rand, peer map[string]string) map[string]string {
			m := map[string]string{}
			company(r, peer, 0.3, m)
			m["shr"], m["shr0"] = num(r, 0.5, 4, 2), num(r, 0.5, 4, 2)
			m["net"], m["net0"] = num(r, 5, 90, 1), num(r, 5, 90, 1)
			m["rev"], m["rev0"] = num(r, 100, 900, 1), num(r, 100, 900, 1)
			m["avg"], m["avg0"] = whole(r, 5000000, 30000000), whole(r, 5000000, 30000000)
			m["note"] = pick(r, []string{"1986 net includes a gain of 2.1 mln dlrs from the sale of a unit.",
				"Results restated for discontinued operations.", "Per share figures adjusted for a two-for-one split."}, "")
			return m
		}},
	{name: "bond-priced",
		title: "{co} ISSUE OF {amt} MLN DLRS PRICED",
		body: "NEW YORK, {date} - {co} Inc is offering {amt} mln dlrs of notes due {due} yielding {yld} pct, " +
			"said lead manager {lead}.\nThe notes have a {cpn} pct coupon and were priced at {px} to yield {bp} basis points over comparable Treasuries.\nReuter",
		fill: func(r *rand.Rand, peer map[string]string) map[string]string {
			m := map[string]string{}
			company(r, peer, 0.2, m)
			m["town"], m["st"] = "NEW YORK", "N.Y."
			m["amt"] = keepOr(r, peer, "amt", 0.5, func() string { return pick(r, []string{"100", "150", "200", "250"}, "") })
			m["due"], m["yld"], m["cpn"] = whole(r, 1990, 2017), num(r, 7, 10, 2), num(r, 7, 10, 3)
			m["px"], m["bp"] = num(r, 98, 100, 3), whole(r, 40, 160)
			m["lead"] = pick(r, []string{"Salomon Brothers Inc", "First Boston Corp", "Morgan Stanley and Co", "Goldman Sachs and Co"}, "")
			return m
		}},
	{name: "names-president",
		title: "{co} <{tk}> NAMES NEW PRESIDENT",
		body: "{town}, {st}, {date} - {co} Inc said it named {who}, {age}, president and chief operating officer, " +
			"succeeding {old}, who will remain chairman.\n{who} had been executive vice president of the company's {seg} group since {since}.\nReuter",
		fill: func(r *rand.Rand, peer map[string]string) map[string]string {
			m := map[string]string{}
			company(r, peer, 0.2, m)
			m["who"] = keepOr(r, peer, "who", 0.3, func() string {
				return pick(r, []string{"Ann Pruitt", "Walter Quist", "Robert Dane", "Susan Marsh", "Paul Okoro"}, "")
			})
			m["old"] = pick(r, []string{"John Avery", "Frank Hollis", "George Tan"}, "")
			m["age"], m["since"] = whole(r, 41, 63), whole(r, 1979, 1986)
			m["seg"] = pick(r, []string{"industrial", "consumer products", "international"}, "")
			return m
		}},
	{name: "forex-close",
		title: "DOLLAR CLOSES {dir} IN {city}",
		body: "{city}, {date} - The dollar closed {dirl} at {yen} yen from {yen0} yen on {day}, dealers said.\n" +
			"It ended at {dm} marks against {dm0}. Dealers said the market was {tone} ahead of the Group of Seven meeting.\nReuter",
		fill: func(r *rand.Rand, peer map[string]string) map[string]string {
			m := map[string]string{"city": keepOr(r, peer, "city", 0.7, func() string { return pick(r, []string{"TOKYO", "LONDON", "FRANKFURT"}, "") })}
			m["dir"] = keepOr(r, peer, "dir", 0.7, func() string { return pick(r, []string{"HIGHER", "LOWER", "STEADY"}, "") })
			m["dirl"] = map[string]string{"HIGHER": "higher", "LOWER": "lower", "STEADY": "steady"}[m["dir"]]
			m["town"], m["st"] = m["city"], "Intl"
			m["date"] = months[r.IntN(len(months))] + " " + whole(r, 2, 27)
			m["yen"], m["yen0"], m["dm"], m["dm0"] = num(r, 140, 160, 2), num(r, 140, 160, 2), num(r, 1.7, 1.9, 4), num(r, 1.7, 1.9, 4)
			m["tone"], m["day"] = pick(r, []string{"quiet", "nervous", "thin"}, ""), pick(r, days, "")
			return m
		}},
}
