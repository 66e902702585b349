package region

// ambiguousData fixes the default reading of names that belong to two
// countries: the first code wins when the rest of the story gives no
// evidence either way (see resolve in rules.go).
const ambiguousData = `
Georgia = GE US
Congo = CD CG
Congolese = CD CG
Tripoli = LY LB
Punjab = IN PK
Kashmir = IN PK
Hyderabad = IN PK
`

// stopData are phrases that contain a place name but are not about the
// place: seas and oceans, regions, newspapers cited as sources, treaties,
// food. A stop phrase consumes its words so that no shorter name inside it
// matches ("Indian Ocean" is not India).
const stopData = `
Indian Ocean, West Indies, West Indian, Gulf of Guinea, Gulf of Mexico, Gulf of America,
Gulf of Aden, Gulf of Oman, Sea of Japan, Persian Gulf, Arabian Peninsula, Arabian Sea,
Red Sea, Black Sea, Caspian Sea, Dead Sea, Irish Sea, Niger River, Congo River, Congo Basin,
Jordan River, Lake Victoria, Lake Tanganyika, Horn of Africa, Korean Peninsula,
Paris Agreement, Paris agreement, Paris climate, Paris accord, Paris Accord, Paris Club,
Paris Saint-Germain, Paris St Germain, Paris St-Germain,
Washington Post, New York Times, Los Angeles Times, Times of India, Jerusalem Post,
Times of Israel, Jordan Times, Tehran Times, Moscow Times, Kyiv Independent, Kyiv Post,
Japan Times, Bangkok Post, South China Morning Post, China Daily, Gulf News, Saudi Gazette,
Washington Institute, Georgetown University, George Washington University,
George Washington Bridge, Washington Consensus, Washington Nationals, Washington Commanders,
Washington Wizards, Washington Capitals, Washington Mystics,
Latin America, Latin American, Latin Americans, South America, South American,
North America, North American, Central America, Central American, Central Americans,
Central Asia, Central Asian, South Asia, South Asian, Southeast Asia, Southeast Asian,
South East Asia, East Asia, East Asian, West Africa, West African, West Africans,
East Africa, East African, North Africa, North African, Southern Africa, Central Africa,
Central African, sub-Saharan Africa, Western Europe, Eastern Europe, Asia-Pacific,
Voice of America, Bank of America, Captain America, Miss America,
guinea pig, guinea pigs, guinea fowl, Turkey Day, Wild Turkey, Turkish delight,
Turkish coffee, Turkish bath, French fries, French toast, Indian Wells, West Texas Intermediate,
Emirates Stadium, North Pole, South Pole, bird flu, avian flu, avian influenza,
Dubai crude, Oman crude, Chad Basin, Mexican standoff, Swiss cheese, Scotch whisky,
Brazil nut, Brazil nuts, Jordan Brand, Air Jordan, Air Jordans, New Guinea,
Gaza City Council, former Soviet, ex-Soviet, post-Soviet, Soviet-era, Soviet era
`

// cueData are words that never count for a country on their own but tell
// ambiguous names apart: "Georgia's governor" is the US state, "Tbilisi"
// or "parliament" the country; "Thanksgiving" makes "Turkey" the bird.
const cueData = `
US: governor, Governor, Gov., Gov, Republican, Republicans, Democrat, Democrats,
  county, County, senator, Senator, Sen., Kemp, Raffensperger, Peach State, Bulldogs,
  statehouse, state legislature, swing state, swing states, battleground state, Fulton,
  Falcons, Braves, Hawks
GE: parliament, Parliament, Caucasus, Soviet, Kremlin-backed, breakaway
CD: eastern Congo, M23, Rwanda-backed, Kivu
CG: Brazzaville
bird: Thanksgiving, poultry, gobble, gobbler, turkeys, roast, roasted, stuffing, drumstick,
  drumsticks, gravy, Butterball, pardon, pardoned, pardons, feathers, feathered, bird, birds,
  flock, hatchery, carving, wishbone, cranberry, cranberries, dinner, recipe, oven,
  hen, hens
`

// givenNames are first names: a place name right after one is a surname
// ("Michael Jordan"), and later bare uses in the same story are the person.
const givenNames = `aaron adam alan albert alex alexander alice amanda amy andrea andrew
andy angela ann anna anne anthony arthur ashley austin barbara ben benjamin betty bill billy
bob bobby booker brandon brenda brian bruce bryan carl carol caroline carolyn catherine charles
charlie chris christian christine christopher cynthia dan daniel danny dave david deborah debra
denise dennis denzel diana diane donald donna doris dorothy douglas dylan ed eddie edward
elizabeth emily emma eric ethan eugene frank fred gabriel gary george gerald gloria grace greg
gregory harold harry heather helen henry jack jacob james jamie jane janet jason jean jeff
jeffrey jennifer jeremy jerry jesse jessica jim jimmy joan joe john johnny jon jonathan jose
joseph joshua joyce juan judith judy julia julie justin karen kate katherine kathleen keith
kelly ken kenneth kevin kim kimberly kyle larry laura lawrence linda lisa logan louis mark
martha mary matt matthew melissa michael michelle mike nancy nathan nicholas nick nicole noah
pamela patricia patrick paul peter philip rachel ralph randy ray raymond rebecca richard robert
roger ron ronald roy russell ruth ryan sam samantha samuel sandra sara sarah scott sean sharon
shirley stephanie stephen steve steven susan ted teresa terry thomas tim timothy tom tommy tony
tyler vernon victoria vincent walter wayne william willie zachary`

// personHeads are capitalised words that may stand right before a place
// name without making it a surname ("King Abdullah of Jordan" aside, these
// are titles, directions and function words that start a clause).
const personHeads = `the a an and or of in on at to for from with by as but if when while
after before since during against between including across about into than via versus vs
king queen prince princess crown president presidents minister ministers premier emir sultan
ambassador embassy envoy northern southern eastern western central north south east west
upper lower greater old hashemite kingdom republic team neighbouring neighboring visit visits
both mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday january february
march april may june july august september october november december jan feb mar apr jun jul
aug sep sept oct nov dec`

// placeFollowers are capitalised words that may follow a place name that
// is also a first name without making it a person ("Israel Defense
// Forces", "Jordan Valley", "Georgia Republicans").
const placeFollowers = `river valley sea lake basin delta strait gulf defense defence forces
force army police radio times post prize aerospace airways airlines air electric central
national government foreign prime president king queen crown minister ministry embassy
supreme court parliament senate house tech power dome football cup open street avenue
republican republicans democrat democrats democratic gov governor secretary attorney senator
sen rep bank state stock exchange chamber railways railway telecom petroleum oil gas energy
water university college institute museum federation league olympic committee council board
authority agency commission guard navy coast border customs interior health justice finance
economy trade affairs capital capitol public red hospital general party labor labour liberal
conservative chief deputy port airport international tourism medical mining mines
broadcasting tv television dream officials official voters election elections legislature
lawmakers court's president's`
