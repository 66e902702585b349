package region

// europeData covers Europe including Russia, the Caucasus republics
// (Georgia, Armenia, Azerbaijan: an editorial choice, see EDITORIAL.md),
// Kosovo (XK), the Vatican, the Crown Dependencies, the Faroes and
// Gibraltar. Crimea and the Donbas file under Ukraine.
const europeData = `
AL | Albania | Albanian, Albanians | Tirana, Durres, Durrës | Edi Rama^
AD | Andorra | Andorran | Andorra la Vella |
AT | Austria | Austrian, Austrians | Vienna, Salzburg, Graz, Innsbruck, Linz |
BY | Belarus | Belarusian, Belarusians, Belarusan, Byelorussian | Minsk, Gomel, Grodno, Vitebsk, Mogilev | Lukashenko^
BE | Belgium | Belgian, Belgians | Brussels, Antwerp, Ghent, Liege, Liège, Bruges, Charleroi |
BA | Bosnia and Herzegovina, Bosnia-Herzegovina, Bosnia, Republika Srpska | Bosnian, Bosnians | Sarajevo, Banja Luka, Mostar, Srebrenica, Tuzla | Dodik^
BG | Bulgaria | Bulgarian, Bulgarians | Sofia~, Plovdiv, Varna, Burgas |
HR | Croatia | Croatian, Croatians, Croat, Croats | Zagreb, Dubrovnik, Rijeka, Zadar |
CZ | Czech Republic, Czechia | Czech, Czechs | Prague, Brno, Ostrava |
DK | Denmark | Danish, Dane, Danes | Copenhagen, Aarhus, Odense | Frederiksen^
EE | Estonia | Estonian, Estonians | Tallinn, Tartu, Narva |
FI | Finland | Finnish, Finn, Finns | Helsinki, Espoo, Tampere, Turku |
FR | France | French, Frenchman, Frenchwoman | Paris~, Marseille, Marseilles, Lyon, Lyons, Toulouse, Nice, Bordeaux, Lille, Strasbourg, Nantes, Calais, Corsica, Normandy, Montpellier, Rennes, Grenoble, Dunkirk, Le Havre, Cannes | Elysee, Elysée, Elysee Palace, Quai d'Orsay, Macron^, Air France^, TotalEnergies^
DE | Germany | German, Germans | Berlin, Munich, Hamburg, Frankfurt, Cologne, Stuttgart, Dusseldorf, Düsseldorf, Dresden, Leipzig, Hanover, Hannover, Bonn, Bavaria, Nuremberg, Magdeburg, Saxony, Thuringia, Bremen | Bundestag, Bundeswehr, Bundesbank^, Merz^, Scholz^, Volkswagen^, Lufthansa^
GR | Greece | Greek, Greeks | Athens, Thessaloniki, Piraeus, Crete, Lesbos, Rhodes, Corfu, Santorini | Mitsotakis^
HU | Hungary | Hungarian, Hungarians | Budapest, Debrecen, Szeged | Orban^, Orbán^
IS | Iceland | Icelandic, Icelander, Icelanders | Reykjavik, Reykjavík |
IE | Ireland, Republic of Ireland | Irish | Dublin, Cork, Galway, Limerick | Dail, Dáil, Taoiseach
IT | Italy | Italian, Italians | Rome, Milan, Naples, Turin, Venice, Florence~, Genoa, Bologna, Palermo, Sicily, Sardinia, Lampedusa, Calabria, Tuscany, Lombardy | Meloni^, Palazzo Chigi
LV | Latvia | Latvian, Latvians | Riga |
LI | Liechtenstein | Liechtensteiner | Vaduz |
LT | Lithuania | Lithuanian, Lithuanians | Vilnius, Kaunas, Klaipeda |
LU | Luxembourg | Luxembourger, Luxembourgish | |
MT | Malta | Maltese | Valletta |
MD | Moldova | Moldovan, Moldovans | Chisinau, Chișinău, Transnistria, Tiraspol, Gagauzia | Maia Sandu^
MC | Monaco | Monegasque | Monte Carlo |
ME | Montenegro | Montenegrin, Montenegrins | Podgorica |
NL | Netherlands, The Netherlands, Holland | Dutch | Amsterdam, The Hague, Rotterdam, Utrecht, Eindhoven, Schiphol |
MK | North Macedonia, Macedonia | Macedonian, Macedonians | Skopje |
NO | Norway | Norwegian, Norwegians | Oslo, Bergen, Stavanger, Tromso, Tromsø, Svalbard | Equinor^
PL | Poland | Polish, Pole, Poles | Warsaw, Krakow, Kraków, Gdansk, Gdańsk, Wroclaw, Wrocław, Lodz, Łódź, Poznan, Rzeszow, Rzeszów, Lublin | Tusk^
PT | Portugal | Portuguese | Lisbon, Porto, Faro, Madeira, Azores, Coimbra |
RO | Romania | Romanian, Romanians | Bucharest, Cluj, Cluj-Napoca, Constanta, Constanța, Timisoara, Iasi |
RU | Russia, Russian Federation, Soviet Union, USSR, U.S.S.R. | Russian, Russians, Soviet, Soviets | Moscow, St Petersburg, Saint Petersburg, St. Petersburg, Novosibirsk, Yekaterinburg, Kazan, Vladivostok, Kaliningrad, Belgorod, Kursk, Rostov, Rostov-on-Don, Sochi, Murmansk, Chechnya, Grozny, Dagestan, Siberia, Krasnodar, Bryansk, Volgograd, Samara, Nizhny Novgorod, Omsk, Tatarstan, Novorossiysk, Yakutia | Kremlin, Duma, State Duma, Putin^, Gazprom^, Rosneft^, Lukoil^, Lavrov^, Peskov^, Rosatom^, Aeroflot^, FSB
SM | San Marino | Sammarinese | |
RS | Serbia | Serbian, Serbians, Serb, Serbs | Belgrade, Novi Sad | Vucic^, Vučić^
SK | Slovakia | Slovak, Slovaks, Slovakian | Bratislava, Kosice, Košice | Fico^
SI | Slovenia | Slovenian, Slovenians, Slovene | Ljubljana, Maribor |
ES | Spain | Spanish, Spaniard, Spaniards | Madrid, Barcelona, Valencia, Seville, Bilbao, Malaga, Málaga, Catalonia, Basque Country, Andalusia, Canary Islands, Canaries, Mallorca, Majorca, Ibiza, Zaragoza, Ceuta, Melilla, Cartagena, Palma de Mallorca, Tenerife, Gran Canaria | Pedro Sanchez^, Pedro Sánchez^, Moncloa
SE | Sweden | Swedish, Swede, Swedes | Stockholm, Gothenburg, Malmo, Malmö, Uppsala |
CH | Switzerland | Swiss | Bern, Berne, Zurich, Zürich, Geneva, Basel, Lausanne, Davos, Lucerne, Lugano |
UA | Ukraine, the Ukraine | Ukrainian, Ukrainians | Kyiv, Kiev, Kharkiv, Kharkov, Odesa, Odessa, Lviv, Dnipro, Zaporizhzhia, Zaporizhia, Zaporozhye, Kherson, Mykolaiv, Donetsk, Luhansk, Lugansk, Donbas, Donbass, Crimea, Sevastopol, Mariupol, Bakhmut, Avdiivka, Pokrovsk, Sumy, Chernihiv, Poltava, Vinnytsia, Zhytomyr, Kramatorsk, Sloviansk, Kupiansk, Chasiv Yar, Izium, Kryvyi Rih, Kremenchuk, Chernobyl | Zelenskiy^, Zelensky^, Zelenskyy^, Naftogaz^, Ukrenergo^, Verkhovna Rada
GB | United Kingdom, UK, U.K., Britain, Great Britain, England, Scotland, Wales, Northern Ireland | British, Briton, Britons, Scottish, Scot, Scots, Welsh, Northern Irish | London, Manchester, Birmingham, Liverpool, Leeds, Glasgow, Edinburgh, Cardiff, Belfast, Bristol, Sheffield, Newcastle, Oxford, Cambridge, Southampton, Dover, Nottingham, Leicester, Aberdeen, Derry, Londonderry, Heathrow, Gatwick | Downing Street, Whitehall, Westminster, Bank of England^, Starmer^, British Airways^, MI5, MI6
VA | Vatican, Vatican City, Holy See | | |
XK | Kosovo | Kosovar, Kosovars, Kosovan | Pristina, Prishtina, Mitrovica |
GE | Georgia~, Republic of Georgia | Georgian, Georgians | Tbilisi, Batumi, Kutaisi, Rustavi, Abkhazia, South Ossetia, Tskhinvali, Sukhumi | Georgian Dream, Ivanishvili^, Kobakhidze^, Zourabichvili^, Kavelashvili^, Saakashvili^
AM | Armenia | Armenian, Armenians | Yerevan, Gyumri | Pashinyan^
AZ | Azerbaijan | Azerbaijani, Azerbaijanis, Azeri, Azeris | Baku, Ganja, Nagorno-Karabakh, Karabakh, Nakhchivan, Stepanakert, Khankendi | Aliyev^, SOCAR^
JE | Jersey | | St Helier |
GG | Guernsey | | St Peter Port |
IM | Isle of Man | Manx | |
FO | Faroe Islands, Faroes | Faroese | Torshavn, Tórshavn |
GI | Gibraltar | Gibraltarian | |
RS | Yugoslavia | Yugoslav, Yugoslavs | |
CZ | Czechoslovakia | Czechoslovak, Czechoslovaks | |
RU | | | Leningrad |
CH | | | Basle |
`
