package region

// africaData covers Africa except Egypt (filed under the Middle East),
// plus Western Sahara, Somaliland (under Somalia) and Mayotte.
const africaData = `
DZ | Algeria | Algerian, Algerians | Algiers, Oran, Annaba, Tamanrasset, Hassi Messaoud | Sonatrach^, Tebboune^
AO | Angola | Angolan, Angolans | Luanda, Huambo, Cabinda, Lobito, Benguela | Sonangol^
BJ | Benin | Beninese | Porto-Novo, Cotonou, Parakou |
BW | Botswana | Botswanan, Motswana, Batswana | Gaborone, Francistown |
BF | Burkina Faso, Burkina | Burkinabe, Burkinabè | Ouagadougou, Bobo-Dioulasso, Djibo |
BI | Burundi | Burundian, Burundians | Gitega, Bujumbura |
CV | Cape Verde, Cabo Verde | Cape Verdean | Praia, Mindelo |
CM | Cameroon | Cameroonian, Cameroonians | Yaounde, Yaoundé, Douala, Bamenda, Garoua, Maroua |
CF | Central African Republic | | Bangui | Touadera^
TD | Chad~, Republic of Chad | Chadian, Chadians | N'Djamena, Ndjamena, Abeche, Abéché, Lake Chad^ | Mahamat Deby^
KM | Comoros | Comoran, Comorian | Moroni |
CD | Democratic Republic of Congo, Democratic Republic of the Congo, DR Congo, D.R. Congo, DRC, Congo-Kinshasa, Congo Kinshasa, Congo, Zaire | Congolese | Kinshasa, Goma, Lubumbashi, Bukavu, Kisangani, Beni, Bunia, Mbandaka, Kolwezi, Kananga, Mbuji-Mayi, North Kivu, South Kivu, Kivu, Ituri, Katanga, Kasai, Uvira, Rutshuru | M23, Tshisekedi^, Kabila^, Gecamines^, MONUSCO^
CG | Republic of Congo, Republic of the Congo, Congo Republic, Congo-Brazzaville, Congo Brazzaville, Congo | Congolese | Brazzaville, Pointe-Noire, Pointe Noire | Sassou Nguesso^, Sassou-Nguesso^
DJ | Djibouti | Djiboutian | Doraleh |
GQ | Equatorial Guinea | Equatorial Guinean, Equatoguinean | Malabo |
ER | Eritrea | Eritrean, Eritreans | Asmara, Massawa, Assab | Isaias Afwerki^
SZ | Eswatini, Swaziland | Swazi, Emaswati | Mbabane, Lobamba, Manzini |
ET | Ethiopia | Ethiopian, Ethiopians | Addis Ababa, Mekelle, Tigray, Amhara, Oromia, Gondar, Bahir Dar, Dire Dawa, Afar region, Hawassa | Abiy Ahmed^, Abiy^, TPLF, Ethiopian Airlines^
GA | Gabon | Gabonese | Libreville, Port-Gentil | Oligui Nguema^
GM | Gambia, The Gambia | Gambian, Gambians | Banjul, Serekunda |
GH | Ghana | Ghanaian, Ghanaians | Accra, Kumasi, Takoradi, Tema | Mahama^
GN | Guinea | Guinean, Guineans | Conakry, Nzerekore, Kankan | Doumbouya^
GW | Guinea-Bissau, Guinea Bissau | Bissau-Guinean | Bissau |
CI | Ivory Coast, Côte d'Ivoire, Cote d'Ivoire, Cote dIvoire | Ivorian, Ivorians | Abidjan, Yamoussoukro, Bouake, Bouaké | Ouattara^
KE | Kenya | Kenyan, Kenyans | Nairobi, Mombasa, Kisumu, Nakuru, Eldoret, Lamu, Garissa, Turkana | Ruto^
LS | Lesotho | Basotho, Mosotho | Maseru |
LR | Liberia | Liberian, Liberians | Monrovia |
LY | Libya | Libyan, Libyans | Tripoli, Benghazi, Misrata, Misurata, Sirte, Tobruk, Derna, Sabha, Zawiya | Haftar^, Dbeibah^
MG | Madagascar | Malagasy | Antananarivo, Toamasina |
MW | Malawi | Malawian, Malawians | Lilongwe, Blantyre |
ML | Mali~ | Malian, Malians | Bamako, Timbuktu, Kidal, Mopti, Segou, Ségou |
MR | Mauritania | Mauritanian, Mauritanians | Nouakchott, Nouadhibou |
MU | Mauritius | Mauritian, Mauritians | Port Louis |
MA | Morocco | Moroccan, Moroccans | Rabat, Casablanca, Marrakech, Marrakesh, Tangier, Tangiers, Fez, Fes, Agadir, Al Hoceima | King Mohammed VI^
MZ | Mozambique | Mozambican, Mozambicans | Maputo, Beira, Cabo Delgado, Nampula |
NA | Namibia | Namibian, Namibians | Windhoek, Walvis Bay |
NE | Niger | Nigerien, Nigeriens | Niamey, Agadez, Zinder, Tillaberi, Tillabéri | Tiani^
NG | Nigeria | Nigerian, Nigerians | Abuja, Lagos, Kano, Ibadan, Port Harcourt, Kaduna, Maiduguri, Borno, Niger Delta, Zamfara, Benue, Plateau State, Enugu, Sokoto, Katsina | Boko Haram, Tinubu^, NNPC^, Dangote^
RW | Rwanda | Rwandan, Rwandans | Kigali | Kagame^
ST | Sao Tome and Principe, São Tomé and Príncipe, Sao Tome, São Tomé | Santomean | |
SN | Senegal | Senegalese | Dakar, Touba, Ziguinchor, Thies | Faye^, Sonko^
SC | Seychelles | Seychellois | Mahe |
SL | Sierra Leone | Sierra Leonean, Sierra Leoneans | Freetown |
SO | Somalia, Somaliland | Somali, Somalis | Mogadishu, Kismayo, Baidoa, Hargeisa, Berbera, Puntland, Jubaland, Garowe, Bosaso | al-Shabaab, al Shabaab, Al-Shabab, al-Shabab, Shabaab
ZA | South Africa | South African, South Africans | Pretoria, Johannesburg, Cape Town, Durban, Soweto, Port Elizabeth, Gqeberha, Bloemfontein, Stellenbosch, KwaZulu-Natal, Gauteng | ANC, Ramaphosa^, Eskom^
SS | South Sudan | South Sudanese | Juba, Malakal, Bentiu | Salva Kiir^
SD | Sudan | Sudanese | Khartoum, Omdurman, Port Sudan, Darfur, El Fasher, El-Fasher, al-Fashir, El-Fashir, Kordofan, Nyala, El Obeid, Wad Madani, Gezira, Zamzam | Rapid Support Forces, RSF^, Burhan^, Hemedti^
TZ | Tanzania | Tanzanian, Tanzanians | Dodoma, Dar es Salaam, Zanzibar, Arusha, Mwanza |
TG | Togo | Togolese | Lome, Lomé |
TN | Tunisia | Tunisian, Tunisians | Tunis, Sfax, Sousse, Djerba | Kais Saied^
UG | Uganda | Ugandan, Ugandans | Kampala, Entebbe, Gulu | Museveni^
ZM | Zambia | Zambian, Zambians | Lusaka, Ndola, Kitwe, Copperbelt |
ZW | Zimbabwe | Zimbabwean, Zimbabweans | Harare, Bulawayo | Mnangagwa^
EH | Western Sahara | Sahrawi, Saharawi | Laayoune, El Aaiun, Dakhla | Polisario, Polisario Front
YT | Mayotte | Mahoran | Mamoudzou |
BF | Upper Volta | | |
BJ | Dahomey | | |
`
