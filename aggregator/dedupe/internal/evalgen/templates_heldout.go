package main

import "math/rand/v2"

// heldoutTemplates were written after the method was frozen; their items
// form part of the held-out split.
var heldoutTemplates = []template{
	{name: "h-airline",
		title: "{co} passenger numbers rise {g}% in {month}",
		body: "{co} carried {pax} million passengers in {month}, up {g} percent from a year earlier, the airline said on {day}.\n" +
			"Its load factor, a measure of how full its planes were, rose to {lf} percent from {plf} percent.\n" +
			"The airline operated {flights} flights during the month and cancelled {canc} of them, mostly because of {cause}.\n" +
			"{co} shares were up {sh} percent in early trading in {city}.",
		fill: func(r *rand.Rand, p map[string]string) map[string]string {
			return map[string]string{
				"co": keepOr(r, p, "co", 0.5, func() string {
					return pick(r, []string{"Ryanair", "Wizz Air", "easyJet", "Norwegian", "Vueling"}, other(p, "co"))
				}),
				"month": pick(r, []string{"August", "September", "October", "November"}, other(p, "month")),
				"pax":   num(r, 4, 21, 1), "g": num(r, 1, 14, 0), "lf": num(r, 84, 96, 0), "plf": num(r, 84, 96, 0),
				"flights": whole(r, 20000, 110000), "canc": whole(r, 40, 900), "day": days[r.IntN(5)], "sh": num(r, 0.2, 3, 1),
				"cause": pick(r, []string{"air traffic control strikes", "bad weather", "staff shortages"}, ""),
				"city":  pick(r, []string{"Dublin", "London", "Oslo", "Budapest"}, ""), "country": "Europe"}
		}},
	{name: "h-court",
		title: "{name} sentenced to {years} years for {crime}",
		body: "A court in {city} sentenced {name}, a former {job}, to {years} years in prison on {day} for {crime}, prosecutors said.\n" +
			"The court found that {name} had {deed} between {y1} and {y2}, causing losses of {loss} million euros.\n" +
			"Judge {judge} said the sentence reflected the scale of the offence. {name}'s lawyer said {pron} would appeal.",
		fill: func(r *rand.Rand, p map[string]string) map[string]string {
			return map[string]string{"name": pick(r, candidates, other(p, "name")), "judge": pick(r, ceos, ""),
				"city":  keepOr(r, p, "city", 0.5, func() string { return pick(r, cities, "") }),
				"job":   pick(r, []string{"bank manager", "mayor", "tax official", "football club president"}, ""),
				"years": whole(r, 2, 12), "day": days[r.IntN(5)], "y1": whole(r, 2012, 2016), "y2": whole(r, 2018, 2023),
				"crime": keepOr(r, p, "crime", 0.6, func() string { return pick(r, []string{"fraud", "embezzlement", "bribery"}, "") }),
				"deed": keepOr(r, p, "deed", 0.6, func() string {
					return pick(r, []string{"diverted public funds to companies he controlled", "falsified accounts to hide losses"}, "")
				}),
				"loss": num(r, 1, 90, 1), "pron": pick(r, []string{"he", "she"}, ""), "country": "Europe"}
		}},
	{name: "h-pmi",
		title: "{country} factory activity {verb} in {month}, PMI shows",
		body: "Manufacturing activity in {country} {verb} in {month}, a business survey showed on {day}, as {reason}.\n" +
			"The HCOB manufacturing purchasing managers' index came in at {pmi}, from {prev} in the previous month, and compared with a forecast of {fc}. A reading above 50 indicates growth.\n" +
			"New orders index stood at {orders}, while the employment index was {jobs}.\n" +
			"\"The picture remains mixed,\" said {econ}, an economist at Hamburg Commercial Bank.",
		fill: func(r *rand.Rand, p map[string]string) map[string]string {
			return map[string]string{"country": pick(r, []string{"Germany", "France", "Italy", "Spain", "Austria"}, other(p, "country")),
				"verb":  pick(r, []string{"contracted", "expanded", "stabilised"}, ""),
				"month": keepOr(r, p, "month", 0.5, func() string { return pick(r, []string{"October", "November"}, "") }),
				"day":   days[r.IntN(5)], "pmi": num(r, 45, 53, 1), "prev": num(r, 45, 53, 1), "fc": num(r, 45, 53, 1),
				"orders": num(r, 44, 54, 1), "jobs": num(r, 44, 52, 1),
				"reason": pick(r, []string{"new orders fell", "export demand recovered", "energy costs weighed"}, ""),
				"econ":   keepOr(r, p, "econ", 0.7, func() string { return pick(r, ceos, "") }), "city": "FRANKFURT"}
		}},
}
