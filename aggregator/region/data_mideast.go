package region

// Gazetteer lines: "CC | names | demonyms | places | organisations and
// metonyms". Phrases are comma-separated and written with the capitalisation
// a match requires (lower-case words match any case, Capitalised words need
// a capital, ACRONYMS need capitals). Suffixes: "~" the word is also a
// person's name (see rules.go), "^" weak (half weight), "!" the bird rule.
// The same phrase under two codes makes an ambiguous entry, resolved from
// the rest of the story (see ambiguousData for the default order).

// middleEastData covers the editorial Middle East: the Gulf, the Levant,
// Egypt, Iran, Turkey and Cyprus. Jerusalem files under Israel, East
// Jerusalem under Palestine; the Golan Heights under Syria.
const middleEastData = `
BH | Bahrain, Kingdom of Bahrain | Bahraini | Manama, Muharraq |
CY | Cyprus, Republic of Cyprus, Northern Cyprus | Cypriot, Greek Cypriot, Turkish Cypriot | Nicosia, Limassol, Larnaca, Famagusta, Paphos, Kyrenia |
EG | Egypt, Arab Republic of Egypt | Egyptian, Egyptians | Cairo, Alexandria, Giza, Sharm el-Sheikh, Sharm el Sheikh, Port Said, Suez, Suez Canal, Luxor, Aswan, Sinai, Ismailia, El Arish, Al Arish, Hurghada | Sisi^, al-Sisi^
IR | Iran, Islamic Republic of Iran, Islamic Republic | Iranian, Iranians | Tehran, Teheran, Isfahan, Esfahan, Mashhad, Tabriz, Shiraz, Qom, Bandar Abbas, Natanz, Fordow, Fordo, Bushehr, Ahvaz, Kish Island, Kermanshah, Zahedan | IRGC, Revolutionary Guards, Revolutionary Guard Corps, Islamic Revolutionary Guard Corps, Quds Force, Khamenei^, Pezeshkian^, Araqchi^, Raisi^, Hormuz^
IQ | Iraq | Iraqi, Iraqis | Baghdad, Basra, Basrah, Mosul, Erbil, Irbil, Kirkuk, Najaf, Karbala, Kerbala, Falluja, Fallujah, Ramadi, Sulaimaniya, Sulaymaniyah, Tikrit, Anbar, Samarra, Nineveh, Sinjar, Kurdistan Region, Iraqi Kurdistan, Kurdistan | Popular Mobilization Forces, Kataib Hezbollah, Sudani^
IL | Israel~, State of Israel | Israeli, Israelis | Jerusalem, West Jerusalem, Tel Aviv, Haifa, Eilat, Beersheba, Beer Sheva, Ashkelon, Ashdod, Netanya, Sderot, Galilee, Negev, Kiryat Shmona, Nahariya, Dimona, Ben Gurion Airport, Metula, Sea of Galilee | IDF, Israel Defense Forces, Knesset, Mossad, Shin Bet, Netanyahu^, Iron Dome^, El Al^, Likud
JO | Jordan~, Hashemite Kingdom of Jordan, Hashemite Kingdom | Jordanian, Jordanians | Amman, Aqaba, Zarqa, Irbid, Petra~, Mafraq, Zaatari, Ramtha, Allenby Bridge, King Hussein Bridge | King Abdullah^
KW | Kuwait, State of Kuwait | Kuwaiti, Kuwaitis | Kuwait City |
LB | Lebanon, Lebanese Republic | Lebanese | Beirut, Tripoli, Sidon, Saida, Tyre, Baalbek, Nabatieh, Nabatiyeh, Byblos, Bekaa, Bekaa Valley, Dahiyeh, Dahieh, Jounieh, Zahle, Naqoura, Litani, Litani River, Bint Jbeil, Marjayoun | Hezbollah, Hizbollah, Hizbullah, Aoun^, Nawaf Salam^, Berri^
OM | Oman, Sultanate of Oman | Omani, Omanis | Muscat, Salalah, Sohar, Duqm |
PS | Palestine, State of Palestine, Palestinian territories, Palestinian territory, Palestinian Territories, Gaza, Gaza Strip, West Bank, occupied West Bank | Palestinian, Palestinians, Gazan, Gazans | Gaza City, Ramallah, Hebron, Nablus, Jenin, Khan Younis, Khan Yunis, Rafah, Rafah crossing, Bethlehem, Jericho, Tulkarm, Tulkarem, Qalqilya, Deir al-Balah, Deir el-Balah, Beit Lahia, Beit Hanoun, Jabalia, Jabaliya, Nuseirat, Mawasi, al-Mawasi, East Jerusalem, Jordan Valley, Shejaiya, Zeitoun, Netzarim, Kerem Shalom | Hamas, Islamic Jihad, Palestinian Authority, Fatah, UNRWA^, Mahmoud Abbas^, Sinwar^
QA | Qatar, State of Qatar | Qatari, Qataris | Doha, Al Udeid, Lusail, Ras Laffan | Qatar Airways^, QatarEnergy^
SA | Saudi Arabia, Kingdom of Saudi Arabia, KSA | Saudi, Saudis, Saudi Arabian | Riyadh, Jeddah, Jidda, Mecca, Makkah, Medina, Madinah, Dammam, Dhahran, NEOM, Neom, Khobar, Al Khobar, Tabuk, Jizan, Abqaiq | Aramco^, Saudi Aramco^, Mohammed bin Salman^, Saudi crown prince^
SY | Syria, Syrian Arab Republic | Syrian, Syrians | Damascus, Aleppo, Homs, Hama, Idlib, Latakia, Deir el-Zor, Deir ez-Zor, Deir al-Zor, Deir ez-Zour, Raqqa, Daraa, Deraa, Tartus, Qamishli, Hasakah, Hasaka, Kobani, Manbij, Sweida, Suwayda, Golan, Golan Heights, Palmyra, Afrin, Quneitra, Jableh, Douma | Hayat Tahrir al-Sham, HTS, al-Sharaa^, Ahmed al-Sharaa^, Bashar al-Assad^, Assad^, SDF^, Syrian Democratic Forces
TR | Turkey~!, Türkiye, Turkiye, Republic of Turkey, Republic of Türkiye | Turkish, Turk, Turks | Ankara, Istanbul, Izmir, Antalya, Gaziantep, Diyarbakir, Adana, Bursa, Konya, Kahramanmaras, Hatay, Antakya, Incirlik, Bosphorus, Malatya, Adiyaman, Trabzon, Kayseri | Erdogan^, Erdoğan^, PKK, Kurdistan Workers Party, Kurdistan Workers' Party, Turkish Airlines^, Fidan^
AE | United Arab Emirates, UAE, U.A.E. | Emirati, Emiratis | Abu Dhabi, Dubai, Sharjah, Ajman, Ras al-Khaimah, Ras Al Khaimah, Fujairah, Jebel Ali | Emirates^, Etihad^, ADNOC^, DP World^, Mubadala^
YE | Yemen, Republic of Yemen | Yemeni, Yemenis | Sanaa, Sana'a, Aden, Hodeidah, Hudaydah, Marib, Taiz, Mukalla, Saada, Hadramout, Hadramawt, Ras Isa | Houthi, Houthis, Ansar Allah, Ansarallah, Ansarullah
`
