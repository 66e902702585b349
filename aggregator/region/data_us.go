package region

// usData is the United States line: names, demonyms (including the
// hyphenated American identities, which would otherwise count for the
// first country), major cities and federal metonyms. Washington files under
// US whether it means the government, the city or the state.
const usData = `
US | United States, United States of America, US, U.S., USA, U.S.A., America | American, Americans, African American, African Americans, Asian American, Asian Americans, Arab American, Arab Americans, Native American, Native Americans, American Indian, American Indians, Mexican American, Mexican Americans, Chinese American, Chinese Americans, Japanese American, Korean American, Indian American, Indian Americans, Iranian American, Palestinian American, Palestinian Americans, Lebanese American, Haitian American, Cuban American, Cuban Americans, Italian American, Irish American | Washington~, New York City, NYC, Manhattan, Brooklyn, Bronx, Los Angeles, Chicago, Houston~, Phoenix, Philadelphia, San Antonio, San Diego, Dallas, Austin~, San Francisco, Seattle, Denver, Boston, Detroit, Atlanta, Miami, Minneapolis, Las Vegas, New Orleans, Pittsburgh, Cleveland, Baltimore, Nashville, Charlotte~, St Louis, St. Louis, Kansas City, Honolulu, Anchorage, Portland, Sacramento, Salt Lake City, Milwaukee, Cincinnati, Tampa, Orlando, Memphis, Oklahoma City, Louisville, Raleigh, Albuquerque, Tucson, Omaha, Savannah~, Augusta, Macon, Jacksonville, Fort Worth, El Paso, Indianapolis, Newark, Jersey City, Jersey Shore, Hartford, Boise, Des Moines, Little Rock, Charleston, Palm Beach, West Palm Beach, Mar-a-Lago, Silicon Valley, Hollywood, Fort Bragg, Fort Lauderdale, Brownsville, McAllen, Uvalde, New England, Midwest, Capitol, Capitol Hill, Georgia Tech, Fulton County | Pentagon, White House, State Department, Treasury Department, Justice Department, Homeland Security, FBI, CIA, ICE, NASA, Federal Reserve^, Wall Street^, New York Stock Exchange^, Nasdaq^, House of Representatives^, Oval Office, Trump administration, Biden administration, Mitch McConnell^
`

// usStates are the fifty states and the District of Columbia. A state
// after a comma re-files the place before it ("Paris, Texas",
// "Lebanon, Pennsylvania"): see cityState in rules.go.
const usStates = `Alabama, Alaska, Arizona, Arkansas, California, Colorado, Connecticut,
Delaware, Florida, Georgia~, Hawaii, Idaho, Illinois, Indiana, Iowa, Kansas, Kentucky,
Louisiana, Maine, Maryland, Massachusetts, Michigan, Minnesota, Mississippi, Missouri,
Montana, Nebraska, Nevada, New Hampshire, New Jersey, New Mexico, New York, North Carolina,
North Dakota, Ohio, Oklahoma, Oregon, Pennsylvania, Rhode Island, South Carolina,
South Dakota, Tennessee, Texas, Utah, Vermont, Virginia, Washington state, Washington State,
West Virginia, Wisconsin, Wyoming, District of Columbia, D.C.`

// usStateAbbrevs are AP-style and postal state abbreviations, recognised only
// right after "City," (lower-case keys, dots removed).
const usStateAbbrevs = `ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass
mich minn miss mo mont neb nev nh nj nm ny nc nd okla ore pa ri sc sd tenn tex vt va wash wva
wis wyo dc al ak az ar ca co ct de fl hi id il in ia ks me mi mn ms mt ne nv oh ok or tn tx ut
wa wv wi wy`
