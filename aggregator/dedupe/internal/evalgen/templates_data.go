package main

import "math/rand/v2"

var (
	companies = []string{"Norvale Systems", "Brightwater Logistics", "Kestrel Semiconductor", "Omnira Health",
		"Halden Energy", "Corvina Retail", "Pinecrest Software", "Aurelian Motors", "Tidewell Foods", "Meridian Payments"}
	ceos     = []string{"Marta Lindqvist", "David Okafor", "Priya Raman", "Thomas Feld", "Elena Marchetti", "Kenji Watanabe", "Sarah Coleman", "Luis Ortega"}
	hqs      = []string{"Seattle", "Austin", "Boston", "Chicago", "Atlanta", "Denver", "San Jose", "Minneapolis"}
	units    = []string{"cloud", "advertising", "services", "devices", "payments", "data centre"}
	quarters = []string{"first-quarter", "second-quarter", "third-quarter", "fourth-quarter"}
	cities   = []string{"Paris", "Lyon", "Marseille", "Berlin", "Munich", "Madrid", "Seville", "Rome", "Milan", "Vienna", "Warsaw", "Athens"}
	conds    = []string{"sunny", "mostly cloudy", "rainy", "windy", "foggy in the morning", "stormy in the afternoon"}
	winds    = []string{"north", "south", "west", "east", "north-west", "south-west"}
	clubs    = []string{"Arsenal", "Chelsea", "Liverpool", "Everton", "Aston Villa", "Newcastle United", "Brighton", "Fulham",
		"Brentford", "Wolverhampton Wanderers", "Crystal Palace", "Nottingham Forest"}
	players = []string{"Tom Hale", "Marcus Reid", "Jonas Berg", "Kwame Mensah", "Luca Ferri", "Diego Alvarez", "Sam Whitfield",
		"Ollie Grant", "Yusuf Demir", "Pablo Sarabia", "Jamal Carter", "Niko Virtanen"}
	regions = []string{"Hokkaido, Japan", "the coast of Honshu, Japan", "northern Chile", "Sumatra, Indonesia", "the Kermadec Islands",
		"Papua New Guinea", "central Peru", "the Aleutian Islands, Alaska", "Vanuatu", "Mindanao, Philippines"}
	towns        = []string{"Kushiro", "Iwaki", "Calama", "Padang", "Raoul Island", "Kokopo", "Huancayo", "Adak", "Port-Vila", "Davao"}
	banks        = []string{"Poland", "Hungary", "Chile", "Indonesia", "Turkey", "South Africa", "Mexico", "Thailand", "Colombia", "Israel"}
	tennisPlayer = []string{"Carlos Alcaraz", "Jannik Sinner", "Alexander Zverev", "Taylor Fritz", "Casper Ruud", "Holger Rune",
		"Daniil Medvedev", "Alex de Minaur", "Ben Shelton", "Lorenzo Musetti"}
	tournaments = []string{"Paris Masters", "Shanghai Masters", "Madrid Open", "Italian Open", "Canadian Open", "Cincinnati Open"}
	rounds      = []string{"quarter-finals", "semi-finals", "third round", "final"}
	candidates  = []string{"Anna Kowalczyk", "Piotr Nowak", "Maria Santos", "Joao Ferreira", "Helen Brooks", "Ian McLeod",
		"Fatima Zahra", "Omar Haddad", "Grace Njoroge", "Peter Otieno"}
	parties   = []string{"Civic Alliance", "People's Party", "Green Left", "National Renewal", "Social Democrats", "Liberal Union"}
	districts = []string{"North Riverside", "East Hillford", "Port Alder", "Westmarch", "Lakeview Central", "South Bramley",
		"Old Harbour", "Kingsgate", "Millbrook", "Stonebridge"}
	days = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
)

var templates = []template{
	{name: "earnings",
		title: "{co} {q} revenue rises {g}%, beats estimates",
		body: "{co} reported {q} revenue above Wall Street estimates on {day}, and its shares rose {sh} percent in extended trading.\n" +
			"Revenue rose {g} percent to ${rev} billion from a year earlier, compared with an average analyst estimate of ${est} billion, according to LSEG data.\n" +
			"Net income was ${ni} billion, or ${eps} per share, compared with analysts' expectations of ${epsest} per share.\n" +
			"Revenue at the company's {unit} unit grew {ug} percent to ${urev} billion, chief executive {ceo} said on a call with analysts.\n" +
			"The {city}-based company forecast revenue of ${guide} billion for the current quarter.",
		fill: func(r *rand.Rand, p map[string]string) map[string]string {
			m := map[string]string{"day": days[r.IntN(5)], "g": num(r, 2, 30, 0), "sh": num(r, 1, 9, 1),
				"rev": num(r, 5, 60, 1), "est": num(r, 5, 60, 1), "ni": num(r, 0.5, 9, 2), "eps": num(r, 0.5, 5, 2),
				"epsest": num(r, 0.5, 5, 2), "ug": num(r, 5, 45, 0), "urev": num(r, 1, 20, 1), "guide": num(r, 5, 60, 1),
				"q": pick(r, quarters, other(p, "q")), "unit": units[r.IntN(len(units))]}
			m["co"] = keepOr(r, p, "co", 0.4, func() string { return pick(r, companies, other(p, "co")) })
			m["ceo"] = keepOr(r, p, "ceo", 0.4, func() string { return pick(r, ceos, other(p, "ceo")) })
			m["city"] = keepOr(r, p, "city", 0.4, func() string { return pick(r, hqs, other(p, "city")) })
			m["country"] = "United States"
			return m
		}},
	{name: "us-close",
		title: "Wall Street ends {dirw} as investors weigh {driver}",
		body: "US stocks ended {dirw} on {day} as investors weighed {driver}, with {sector} shares leading the moves.\n" +
			"The Dow Jones Industrial Average {dv} {dpts} points, or {dp} percent, to {dl}, the S&P 500 {sv} {spts} points, or {sp} percent, to {sl}, and the Nasdaq Composite {nv} {npts} points, or {np} percent, to {nl}.\n" +
			"Volume on US exchanges was {vol} billion shares, compared with the average of {avg} billion over the last 20 trading days.\n" +
			"The benchmark 10-year Treasury yield stood at {y} percent, and the dollar index was at {dx}.",
		fill: func(r *rand.Rand, p map[string]string) map[string]string {
			up := r.IntN(2) == 0
			m := map[string]string{"day": days[r.IntN(5)], "dpts": num(r, 20, 600, 2), "dp": num(r, 0.05, 1.8, 2), "dl": whole(r, 41000, 48000),
				"spts": num(r, 3, 90, 2), "sp": num(r, 0.05, 1.8, 2), "sl": whole(r, 6100, 6900), "npts": num(r, 10, 400, 2),
				"np": num(r, 0.05, 2.5, 2), "nl": whole(r, 20500, 23900), "vol": num(r, 13, 22, 1), "avg": num(r, 15, 19, 1),
				"y": num(r, 3.9, 4.6, 2), "dx": num(r, 96, 104, 2),
				"driver":  pick(r, []string{"fresh inflation data", "comments from Federal Reserve officials", "quarterly earnings from big technology companies", "the outlook for interest rates", "trade talks with China"}, ""),
				"sector":  pick(r, []string{"technology", "energy", "financial", "healthcare", "consumer"}, ""),
				"country": "United States", "city": "NEW YORK"}
			m["dirw"], m["dv"], m["sv"], m["nv"] = "higher", "rose", "gained", "added"
			if !up {
				m["dirw"], m["dv"], m["sv"], m["nv"] = "lower", "fell", "lost", "dropped"
			}
			return m
		}},
	{name: "weather",
		title: "{city} forecast: {cond}, high of {hi}C on {day}",
		body: "{city} will be {cond} on {day}, with a high of {hi} degrees Celsius and a low of {lo} degrees, the national weather service said.\n" +
			"Winds will blow from the {wind} at {w} kilometres per hour, with gusts of up to {gust} km/h in the afternoon.\n" +
			"The chance of rain is {rain} percent, and humidity will reach {hum} percent.\n" +
			"Sunrise is at {sr} and sunset at {ss}. The air quality index is expected to be {aqi}.",
		fill: func(r *rand.Rand, p map[string]string) map[string]string {
			c := keepOr(r, p, "city", 0.4, func() string { return pick(r, cities, other(p, "city")) })
			return map[string]string{"city": c, "country": "Europe", "cond": conds[r.IntN(len(conds))],
				"day": pick(r, days, other(p, "day")), "hi": whole(r, 12, 34), "lo": whole(r, 2, 18),
				"wind": winds[r.IntN(len(winds))], "w": whole(r, 5, 35), "gust": whole(r, 30, 70), "rain": whole(r, 0, 90),
				"hum": whole(r, 30, 95), "sr": "07:" + whole(r, 10, 59), "ss": "17:" + whole(r, 10, 59), "aqi": whole(r, 15, 120)}
		}},
	{name: "football",
		title: "{home} beat {away} {hg}-{ag} in Premier League",
		body: "{home} beat {away} {hg}-{ag} in the Premier League on {day}, with {scorer} scoring twice to lift his side to {pos} in the table.\n" +
			"{scorer} opened the scoring in the {m1}th minute and added a second from the penalty spot after {m2} minutes, before {away} pulled one back through {other}.\n" +
			"{home} have {pts} points from {pl} matches, while {away} are {apos} with {apts} points.\n" +
			"The crowd of {att} was the largest at the ground this season.",
		fill: func(r *rand.Rand, p map[string]string) map[string]string {
			h := pick(r, clubs, other(p, "home"))
			a := pick(r, clubs, h)
			for a == other(p, "away") {
				a = pick(r, clubs, h)
			}
			m := map[string]string{"home": h, "away": a, "day": days[5+r.IntN(2)],
				"scorer": pick(r, players, other(p, "scorer")), "other": pick(r, players, other(p, "other")),
				"m1": whole(r, 4, 40), "m2": whole(r, 50, 88), "pos": whole(r, 2, 9) + "th", "pts": whole(r, 10, 30),
				"pl": whole(r, 8, 14), "apos": whole(r, 10, 19) + "th", "apts": whole(r, 4, 20), "att": whole(r, 25000, 60000),
				"country": "United Kingdom", "city": "LONDON"}
			m["hg"], m["ag"] = keepOr(r, p, "hg", 0.6, func() string { return whole(r, 2, 4) }), "1"
			return m
		}},
	{name: "quake",
		title: "Magnitude {mag} quake strikes {region} - USGS",
		body: "An earthquake of magnitude {mag} struck {region} on {day}, the United States Geological Survey said.\n" +
			"The quake was at a depth of {depth} kilometres, and its epicentre was {dist} kilometres {wind} of {town}, the USGS said.\n" +
			"There were no immediate reports of damage or casualties, and no tsunami warning was issued.\n" +
			"The region sits on the Pacific Ring of Fire, an arc of volcanoes and fault lines where earthquakes are frequent.",
		fill: func(r *rand.Rand, p map[string]string) map[string]string {
			i := r.IntN(len(regions))
			for regions[i] == other(p, "region") {
				i = r.IntN(len(regions))
			}
			return map[string]string{"mag": num(r, 4.6, 6.9, 1), "region": regions[i], "town": towns[i],
				"day": days[r.IntN(7)], "depth": keepOr(r, p, "depth", 0.5, func() string { return whole(r, 10, 120) }),
				"dist": whole(r, 20, 180), "wind": winds[r.IntN(len(winds))], "country": "Pacific", "city": "WASHINGTON"}
		}},
	{name: "rates",
		title: "{country} central bank {act} rates to {rate}%",
		body: "{country}'s central bank {act} its benchmark interest rate by {bp} basis points to {rate} percent on {day}, as expected by {n} of {m} economists polled before the decision.\n" +
			"Annual inflation slowed to {inf} percent last month from {prev} percent, the statistics office said, compared with the bank's target of {tgt} percent.\n" +
			"Governor {gov} told a news conference that the bank would remain cautious and that further moves would depend on data.\n" +
			"The {cur} was little changed after the decision.",
		fill: func(r *rand.Rand, p map[string]string) map[string]string {
			c := pick(r, banks, other(p, "country"))
			return map[string]string{"country": c, "city": "NEWSROOM", "act": pick(r, []string{"cut", "raised"}, ""),
				"bp": pick(r, []string{"25", "50", "75"}, ""), "rate": num(r, 2, 12, 2), "day": days[r.IntN(5)],
				"n": whole(r, 10, 20), "m": whole(r, 21, 30), "inf": num(r, 1.5, 9, 1), "prev": num(r, 1.5, 9, 1),
				"tgt": pick(r, []string{"2", "3", "4"}, ""), "gov": pick(r, candidates, ""), "cur": c + "'s currency"}
		}},
	{name: "tennis",
		title: "{p1} beats {p2} to reach {tour} {round}",
		body: "{p1} beat {p2} {s1} {s2} on {day} to reach the {round} of the {tour}.\n" +
			"The world number {rank} hit {aces} aces and saved {bp} of the {bpf} break points he faced in a match that lasted {mins} minutes.\n" +
			"\"I felt good on court today, and I am happy with the level,\" {p1} said.\n" +
			"He will next play {next}, who beat {lost} earlier in the day.",
		fill: func(r *rand.Rand, p map[string]string) map[string]string {
			a := pick(r, tennisPlayer, other(p, "p1"))
			b := pick(r, tennisPlayer, a)
			n := pick(r, tennisPlayer, a)
			return map[string]string{"p1": a, "p2": b, "next": n, "lost": pick(r, tennisPlayer, n),
				"s1":  keepOr(r, p, "s1", 0.5, func() string { return pick(r, []string{"6-4", "6-3", "7-5", "7-6(4)"}, "") }),
				"s2":  keepOr(r, p, "s2", 0.5, func() string { return pick(r, []string{"6-2", "6-4", "7-6(5)", "6-1"}, "") }),
				"day": days[r.IntN(7)], "round": rounds[r.IntN(len(rounds))],
				"tour": keepOr(r, p, "tour", 0.6, func() string { return pick(r, tournaments, "") }),
				"rank": whole(r, 1, 15), "aces": whole(r, 2, 18), "bp": whole(r, 1, 6), "bpf": whole(r, 6, 9),
				"mins": whole(r, 70, 160), "country": "France", "city": "PARIS"}
		}},
	{name: "district",
		title: "{cand} of {party} wins {district} seat",
		body: "{cand} of the {party} won the {district} seat in {day}'s parliamentary election with {votes} votes, or {pct} percent, the electoral commission said.\n" +
			"{rival} of the {rparty} came second with {rvotes} votes, or {rpct} percent.\n" +
			"Turnout in the constituency was {turn} percent, compared with {pturn} percent at the last election.\n" +
			"The seat was previously held by the {prev}.",
		fill: func(r *rand.Rand, p map[string]string) map[string]string {
			c := pick(r, candidates, other(p, "cand"))
			pa := keepOr(r, p, "party", 0.5, func() string { return pick(r, parties, "") })
			rp := keepOr(r, p, "rparty", 0.5, func() string { return pick(r, parties, pa) })
			for rp == pa {
				rp = pick(r, parties, pa)
			}
			return map[string]string{"cand": c, "party": pa, "rival": pick(r, candidates, c), "rparty": rp,
				"district": pick(r, districts, other(p, "district")), "day": keepOr(r, p, "day", 0.7, func() string { return days[6] }),
				"votes": whole(r, 8000, 40000), "pct": num(r, 35, 65, 1), "rvotes": whole(r, 5000, 30000), "rpct": num(r, 20, 40, 1),
				"turn": num(r, 45, 80, 1), "pturn": num(r, 45, 80, 1), "prev": pick(r, parties, ""), "country": "Poland", "city": "WARSAW"}
		}},
	{name: "toll",
		title: "Death toll in {place} rises to {total}, ministry says",
		body: "The health ministry in {place} said on {day} that {n} people had been killed in the past 24 hours, bringing the total death toll since the start of the conflict to {total}.\n" +
			"The ministry said {inj} people had been wounded in the same period, and that many victims remained under the rubble.\n" +
			"It said {kids} of the dead were children. The figures could not be independently verified.",
		fill: func(r *rand.Rand, p map[string]string) map[string]string {
			return map[string]string{"place": keepOr(r, p, "place", 0.7, func() string { return pick(r, []string{"Gaza", "Sudan's Darfur", "eastern Congo"}, "") }),
				"day": pick(r, days, other(p, "day")), "n": whole(r, 12, 140), "total": whole(r, 40000, 69000),
				"inj": whole(r, 30, 400), "kids": whole(r, 3, 50), "country": "Region", "city": "CAIRO"}
		}},
	{name: "appoint",
		title: "{co} names {new} as chief executive",
		body: "{co} said on {day} it had appointed {new} as chief executive, replacing {old}, who will retire at the end of the year.\n" +
			"{new} joined the company from {from}, where {pron} ran the {unit} business, and has been chief operating officer since last year.\n" +
			"\"{new} has the experience and the vision to lead us into the next phase of growth,\" chair {chair} said in a statement.\n" +
			"Shares of {co} were little changed in early trading.",
		fill: func(r *rand.Rand, p map[string]string) map[string]string {
			nw := pick(r, ceos, other(p, "new"))
			return map[string]string{"co": pick(r, companies, other(p, "co")), "new": nw, "old": pick(r, ceos, nw),
				"from": pick(r, companies, ""), "pron": pick(r, []string{"she", "he"}, ""), "unit": units[r.IntN(len(units))],
				"chair": pick(r, candidates, ""), "day": keepOr(r, p, "day", 0.6, func() string { return days[r.IntN(5)] }),
				"country": "United States", "city": "NEW YORK"}
		}},
}
