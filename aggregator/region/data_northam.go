package region

// stateAbbrevData are the AP-style abbreviations of US states and Canadian
// provinces as agency datelines write them after the town ("SANTA CLARA,
// Calif., April 14 -", "WATERLOO, Ont., March 4 -"). In a dateline, after a
// comma, one files the story under its country even when the town is not
// in the gazetteer. Keys drop dots and spaces: "W. Va." and "W.Va." are
// "wva".
const stateAbbrevData = `
US: Ala., Ariz., Ark., Calif., Colo., Conn., Del., Fla., Ga., Ill., Ind., Kan., Kans., Ky.,
  La., Md., Mass., Mich., Minn., Miss., Mo., Mont., Neb., Nev., N.H., N.J., N.M., N.Y.,
  N.C., N.D., Okla., Ore., Pa., R.I., S.C., S.D., Tenn., Tex., Vt., Va., Wash., W.Va.,
  Wis., Wyo., D.C.
CA: Ont., Que., B.C., Alta., Man., Sask., N.S., N.B., Nfld., P.E.I.
`

// northAmericaTowns are towns that agency datelines name without a state
// or province (AP's stand-alone datelines and the head-office towns of
// listed companies), beyond the big cities of usData and americasData.
// Names shared with a place elsewhere or with a common first name or
// surname are left out ("Cambridge", "Birmingham", "Lincoln", "Regina").
const northAmericaTowns = `
US | | | Armonk, White Plains, Long Island, Rochester, Buffalo, Albany, Tulsa, Wichita, Akron, Dayton, Cincinnati, Providence, Trenton, Princeton, Wilmington, Annapolis, Bethesda, Arlington, Virginia Beach, Greensboro, Winston-Salem, Knoxville, Chattanooga, Baton Rouge, Shreveport, Galveston, Amarillo, Lubbock, Plano, Peoria, Springfield, Grand Rapids, Lansing, Dearborn, Ann Arbor, Fort Wayne, Evansville, Cedar Rapids, Sioux Falls, Fargo, Topeka, Duluth, Spokane, Tacoma, Redmond, Fresno, Oakland, Palo Alto, Sunnyvale, Cupertino, Mountain View, Scottsdale, Tempe, Reno~, Colorado Springs, Boulder, Provo, Tallahassee, Boca Raton, Fort Myers, Juneau, Allentown, Harrisburg, Scranton, Hershey, Wheeling, Morgantown, Bentonville, Irvine, Pasadena, Burbank, Santa Monica, Long Beach, Anaheim |
CA | | | Mississauga, Kitchener, Sudbury, Thunder Bay, Fredericton, Moncton, Charlottetown, Kelowna, Oshawa, Brampton, Gatineau, Sherbrooke, Trois-Rivieres, Trois-Rivières, Prince George, Red Deer, Lethbridge, Fort McMurray, Sarnia |
`
