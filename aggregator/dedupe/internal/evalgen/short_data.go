package main

import (
	"math/rand/v2"
	"strings"
)

var (
	shortCompanies = []string{"Pellman Systems", "Corwin Industries", "Hartwell Foods", "Lakeshore Electronics",
		"Great Plains Grain", "Meridian Utilities", "Tri-State Bankshares", "Cascade Timber", "Alden Pharmaceutical",
		"Sunbelt Restaurants", "Keystone Steel", "Brentford Chemical", "Midwest Grain Processors", "Plains Petroleum"}
	shortTowns = [][2]string{{"SANTA CLARA", "Calif."}, {"GREENWICH", "Conn."}, {"MINNEAPOLIS", "Minn."},
		{"ROCHESTER", "N.Y."}, {"WICHITA", "Kan."}, {"COLUMBUS", "Ohio"}, {"ALLENTOWN", "Pa."},
		{"PORTLAND", "Ore."}, {"CAMBRIDGE", "Mass."}, {"TAMPA", "Fla."}, {"PEORIA", "Ill."}, {"TULSA", "Okla."}}
	months = []string{"Jan", "Feb", "March", "April", "May", "June"}
)

// ticker makes a stock symbol from a company name.
func ticker(co string) string {
	var b strings.Builder
	for _, w := range strings.Fields(co) {
		b.WriteByte(w[0])
	}
	s := strings.ToUpper(b.String())
	for len(s) < 3 {
		s += "X"
	}
	return s
}

// company draws a company with its ticker and head-office town, or keeps
// the peer's company with probability keep (the same company, another
// period).
func company(r *rand.Rand, peer map[string]string, keep float64, m map[string]string) {
	co := keepOr(r, peer, "co", keep, func() string { return pick(r, shortCompanies, other(peer, "co")) })
	m["co"], m["tk"] = co, ticker(co)
	town := shortTowns[len(co)%len(shortTowns)]
	m["town"], m["st"] = town[0], town[1]
	m["date"] = months[r.IntN(len(months))] + " " + whole(r, 2, 27)
}

// shortTemplates are the development short items.
var shortTemplates = []shortTemplate{
	{name: "results-table",
		title: "{co} <{tk}> {q} QTR NET",
		body:  "{town}, {st}, {date} -\nShr {shr} cts vs {shr0} cts\nNet {net} vs {net0}\nRevs {rev} mln vs {rev0} mln\nReuter",
		fill: func(r *rand.Rand, peer map[string]string) map[string]string {
			m := map[string]string{"q": keepOr(r, peer, "q", 0.5, func() string { return pick(r, []string{"1ST", "2ND", "3RD", "4TH"}, "") })}
			company(r, peer, 0.3, m)
			m["shr"], m["shr0"] = whole(r, 5, 95), whole(r, 5, 95)
			m["net"], m["net0"] = whole(r, 900000, 9900000), whole(r, 900000, 9900000)
			m["rev"], m["rev0"] = num(r, 10, 400, 1), num(r, 10, 400, 1)
			return m
		}},
	{name: "dividend",
		title: "{co} <{tk}> SETS QUARTERLY DIVIDEND",
		body: "{town}, {st}, {date} - {co} Inc said its board declared a quarterly dividend of {div} cts a share, " +
			"up from {div0} cts, payable {pay} to holders of record {rec}.\nThe company said the increase reflected higher earnings in the {seg} business.\nReuter",
		alt: "{town}, {st}, {date} - {co} raised its quarterly payout to {div} cts a share from {div0} cts. " +
			"The dividend will be paid on {pay} to shareholders on record as of {rec}, the company said, citing stronger {seg} earnings.",
		fill: func(r *rand.Rand, peer map[string]string) map[string]string {
			m := map[string]string{}
			company(r, peer, 0, m)
			m["div"] = keepOr(r, peer, "div", 0.3, func() string { return whole(r, 10, 60) })
			m["div0"] = whole(r, 8, 55)
			m["pay"], m["rec"] = "April "+whole(r, 1, 30), "March "+whole(r, 1, 30)
			m["seg"] = pick(r, []string{"retail", "industrial", "consumer", "services"}, "")
			return m
		}},
	{name: "gold-close",
		title: "{city} GOLD CLOSES {dir}",
		body: "{city}, {date} - Gold closed {dirl} at {px} dlrs an ounce after opening at {open} dlrs, dealers said.\n" +
			"Dealers said trading was {tone} ahead of U.S. economic data due on {day}. Silver closed at {ag} dlrs.\nReuter",
		alt: "{city}, {date} - Bullion ended {dirl} in {tone} dealings at {px} dlrs an ounce, against an opening {open} dlrs, " +
			"with the market waiting for U.S. figures on {day}, traders said. Silver finished at {ag} dlrs.",
		fill: func(r *rand.Rand, peer map[string]string) map[string]string {
			m := map[string]string{"city": keepOr(r, peer, "city", 0.7, func() string { return pick(r, []string{"LONDON", "ZURICH", "HONG KONG"}, "") })}
			m["dir"] = keepOr(r, peer, "dir", 0.7, func() string { return pick(r, []string{"FIRMER", "LOWER", "STEADY"}, "") })
			m["dirl"] = strings.ToLower(m["dir"])
			m["town"], m["st"] = m["city"], "England"
			m["date"] = months[r.IntN(len(months))] + " " + whole(r, 2, 27)
			m["px"], m["open"], m["ag"] = num(r, 380, 460, 2), num(r, 380, 460, 2), num(r, 5, 8, 2)
			m["tone"] = pick(r, []string{"quiet", "thin", "active", "nervous"}, "")
			m["day"] = pick(r, days, "")
			return m
		}},
	{name: "stake",
		title: "{buyer} RAISES STAKE IN {co} TO {pct} PCT",
		body: "{town}, {st}, {date} - {buyer} said it raised its stake in {co} to {pct} pct of the common shares outstanding " +
			"from {pct0} pct, in a filing with the Securities and Exchange Commission.\n" +
			"It said it bought the shares for investment purposes at {lo} to {hi} dlrs a share and may buy more.\nReuter",
		alt: "{town}, {st}, {date} - {buyer} now holds {pct} pct of {co}, up from {pct0} pct, according to a filing with U.S. securities regulators. " +
			"The shares were bought at prices between {lo} and {hi} dlrs each, for investment, and further purchases are possible.",
		fill: func(r *rand.Rand, peer map[string]string) map[string]string {
			m := map[string]string{"buyer": keepOr(r, peer, "buyer", 0.5, func() string {
				return pick(r, []string{"Halsey Partners", "Drummond Capital", "Weller Group", "Fairmont Holdings"}, "")
			})}
			company(r, peer, 0.3, m)
			m["pct"], m["pct0"] = num(r, 5, 20, 1), num(r, 3, 9, 1)
			m["lo"], m["hi"] = num(r, 10, 20, 2), num(r, 20, 30, 2)
			return m
		}},
	{name: "tender",
		title: "{buyer} BUYS {qty} TONNES OF {crop}, TRADERS SAY",
		body: "{city}, {date} - {buyer} bought {qty} tonnes of {cropl} for {ship} shipment at its tender on {day}, traders said.\n" +
			"The {cropl} was bought at around {px} dlrs a tonne cost and freight, they said. Offers were received from {n} trade houses.\nReuter",
		alt: "{city}, {date} - Traders said {buyer} had secured {qty} tonnes of {cropl} in {day}'s tender, paying roughly {px} dlrs a tonne " +
			"c and f for {ship} loading. {n} trade houses took part.",
		fill: func(r *rand.Rand, peer map[string]string) map[string]string {
			m := map[string]string{"buyer": keepOr(r, peer, "buyer", 0.6, func() string { return pick(r, []string{"EGYPT", "ALGERIA", "IRAQ", "JORDAN", "PAKISTAN"}, "") })}
			m["crop"] = keepOr(r, peer, "crop", 0.6, func() string { return pick(r, []string{"WHEAT", "BARLEY", "WHITE SUGAR", "SOYBEAN OIL"}, "") })
			m["cropl"] = strings.ToLower(m["crop"])
			m["qty"] = keepOr(r, peer, "qty", 0.5, func() string { return pick(r, []string{"100,000", "200,000", "50,000", "120,000"}, "") })
			m["city"] = pick(r, []string{"LONDON", "PARIS", "HAMBURG", "ROTTERDAM"}, "")
			m["town"], m["st"] = m["city"], "Europe"
			m["date"] = months[r.IntN(len(months))] + " " + whole(r, 2, 27)
			m["ship"] = pick(r, []string{"April", "May", "June", "July"}, "")
			m["px"], m["n"], m["day"] = num(r, 100, 400, 2), whole(r, 3, 9), pick(r, days, "")
			return m
		}},
}
