package region

// americasData covers North, Central and South America and the Caribbean,
// with Greenland, Puerto Rico and the French departments under their own
// codes. The United States is in usData.
const americasData = `
AG | Antigua and Barbuda, Antigua | Antiguan | |
AR | Argentina | Argentine, Argentines, Argentinian, Argentinians | Buenos Aires, Mendoza, Patagonia, Tierra del Fuego, Mar del Plata, Vaca Muerta | Milei^, YPF^, Casa Rosada
BS | Bahamas, The Bahamas | Bahamian, Bahamians | Nassau, Grand Bahama |
BB | Barbados | Barbadian, Bajan | Bridgetown | Mia Mottley^
BZ | Belize | Belizean | Belmopan, Belize City |
BO | Bolivia | Bolivian, Bolivians | La Paz, Sucre, Cochabamba, El Alto |
BR | Brazil | Brazilian, Brazilians | Brasilia, Brasília, Sao Paulo, São Paulo, Rio de Janeiro, Belo Horizonte, Recife, Manaus, Porto Alegre, Fortaleza, Curitiba, Belem, Belém, Rio Grande do Sul, Bahia | Lula^, Bolsonaro^, Petrobras^, Itamaraty, Planalto
CA | Canada | Canadian, Canadians | Ottawa, Toronto, Montreal, Montréal, Vancouver, Calgary, Edmonton, Winnipeg, Halifax, Quebec, Québec, Quebec City, Ontario, Alberta, British Columbia, Saskatchewan, Manitoba, Nova Scotia, New Brunswick, Newfoundland, Yukon, Nunavut, Saskatoon | Carney^, Trudeau^, Parliament Hill
CL | Chile | Chilean, Chileans | Santiago, Valparaiso, Valparaíso, Antofagasta, Atacama, Punta Arenas | Codelco^, Boric^, Kast^
CO | Colombia | Colombian, Colombians | Bogota, Bogotá, Medellin, Medellín, Cali, Barranquilla, Cucuta, Cúcuta, Catatumbo | FARC, ELN, Gustavo Petro^
CR | Costa Rica | Costa Rican, Costa Ricans | |
CU | Cuba | Cuban, Cubans | Havana, Santiago de Cuba, Guantanamo, Guantánamo, Guantanamo Bay, Camaguey |
DM | Dominica | | Roseau |
DO | Dominican Republic | Dominican, Dominicans | Santo Domingo, Punta Cana |
EC | Ecuador | Ecuadorean, Ecuadorian, Ecuadoreans, Ecuadorians | Quito, Guayaquil, Cuenca | Noboa^
SV | El Salvador | Salvadoran, Salvadorans, Salvadorean | San Salvador | Bukele^
GD | Grenada | Grenadian | |
GT | Guatemala | Guatemalan, Guatemalans | Guatemala City, Quetzaltenango |
GY | Guyana | Guyanese | Georgetown, Essequibo |
HT | Haiti | Haitian, Haitians | Port-au-Prince, Cap-Haitien, Cap-Haïtien, Gonaives |
HN | Honduras | Honduran, Hondurans | Tegucigalpa, San Pedro Sula |
JM | Jamaica | Jamaican, Jamaicans | Kingston, Montego Bay |
MX | Mexico | Mexican, Mexicans | Mexico City, Guadalajara, Monterrey, Tijuana, Ciudad Juarez, Ciudad Juárez, Juarez, Cancun, Cancún, Acapulco, Puebla, Sinaloa, Culiacan, Culiacán, Oaxaca, Chiapas, Michoacan, Michoacán, Veracruz, Jalisco, Tamaulipas, Sonora, Baja California, Yucatan, Yucatán, Nuevo Leon, Nuevo León | Sheinbaum^, Pemex^, Banxico^, Sinaloa Cartel
NI | Nicaragua | Nicaraguan, Nicaraguans | Managua |
PA | Panama | Panamanian, Panamanians | Panama City, Panama Canal |
PY | Paraguay | Paraguayan, Paraguayans | Asuncion, Asunción, Ciudad del Este |
PE | Peru | Peruvian, Peruvians | Lima, Cusco, Cuzco, Arequipa, Machu Picchu, Callao |
KN | Saint Kitts and Nevis, St Kitts and Nevis, St. Kitts and Nevis, St Kitts | Kittitian | Basseterre |
LC | Saint Lucia, St Lucia, St. Lucia | Saint Lucian, St Lucian | Castries |
VC | Saint Vincent and the Grenadines, St Vincent and the Grenadines, St. Vincent and the Grenadines, St Vincent | Vincentian | Kingstown |
SR | Suriname, Surinam | Surinamese | Paramaribo |
TT | Trinidad and Tobago, Trinidad, Tobago | Trinidadian, Trinidadians, Tobagonian | Port of Spain, Port-of-Spain |
UY | Uruguay | Uruguayan, Uruguayans | Montevideo, Punta del Este |
VE | Venezuela | Venezuelan, Venezuelans | Caracas, Maracaibo, Barquisimeto, Ciudad Guayana, Orinoco | Maduro^, PDVSA^, Miraflores Palace
PR | Puerto Rico | Puerto Rican, Puerto Ricans | San Juan |
GL | Greenland | Greenlandic, Greenlander, Greenlanders | Nuuk |
GF | French Guiana | | Cayenne, Kourou |
MQ | Martinique | | Fort-de-France |
GP | Guadeloupe | | Pointe-a-Pitre, Pointe-à-Pitre |
FK | Falkland Islands, Falklands, Malvinas | Falkland Islander | |
BM | Bermuda | Bermudian | |
KY | Cayman Islands | Caymanian | |
CW | Curacao, Curaçao | | Willemstad |
AW | Aruba | Aruban | Oranjestad |
CW | Netherlands Antilles | | |
`
