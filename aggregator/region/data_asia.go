package region

// asiaPacificData covers East, South-East, South and Central Asia and
// Oceania, with Taiwan (TW), Hong Kong (HK) and Macau (MO) under their own
// codes. Kashmir, Punjab and Hyderabad are ambiguous (India or Pakistan).
const asiaPacificData = `
AF | Afghanistan | Afghan, Afghans, Afghani | Kabul, Kandahar, Herat, Mazar-i-Sharif, Jalalabad, Kunduz, Helmand, Bagram, Nangarhar, Kunar | Taliban
BD | Bangladesh | Bangladeshi, Bangladeshis | Dhaka, Chittagong, Chattogram, Cox's Bazar, Sylhet, Khulna, Rajshahi | Yunus^, Sheikh Hasina^, Awami League
BT | Bhutan | Bhutanese | Thimphu |
BN | Brunei, Brunei Darussalam | Bruneian | Bandar Seri Begawan |
KH | Cambodia | Cambodian, Cambodians | Phnom Penh, Siem Reap, Sihanoukville, Battambang | Hun Manet^, Hun Sen^
CN | China, People's Republic of China, PRC, mainland China, Chinese mainland | Chinese | Beijing, Peking, Shanghai, Guangzhou, Shenzhen, Wuhan, Chengdu, Chongqing, Tianjin, Hangzhou, Nanjing, Xi'an, Xian, Xinjiang, Tibet, Lhasa, Urumqi, Inner Mongolia, Guangdong, Fujian, Yunnan, Sichuan, Hainan, Harbin, Dalian, Qingdao, Xiamen, Shandong, Zhejiang, Jiangsu, Hubei, Henan, Hebei, Zhengzhou, Shenyang, South China Sea, East China Sea, Zhongnanhai, Tiananmen, Tiananmen Square | Tibetan, Tibetans, Uyghur, Uyghurs, Uighur, Uighurs, Xi Jinping^, Huawei^, People's Liberation Army, PLA, Chinese Communist Party, CCP, People's Bank of China^, Air China^, Wang Yi^, Li Qiang^
FJ | Fiji | Fijian, Fijians | Suva, Nadi |
IN | India | Indian, Indians | New Delhi, Delhi, Mumbai, Bombay, Kolkata, Calcutta, Chennai, Madras, Bengaluru, Bangalore, Hyderabad, Ahmedabad, Pune, Jaipur, Lucknow, Kerala, Goa, Gujarat, Punjab, Kashmir, Jammu, Srinagar, Uttar Pradesh, Maharashtra, Tamil Nadu, Bihar, Assam, Manipur, Odisha, West Bengal, Karnataka, Andhra Pradesh, Telangana, Rajasthan, Madhya Pradesh, Haryana, Ladakh, Amritsar, Varanasi, Ayodhya, Pahalgam, Uttarakhand | Modi^, Narendra Modi^, BJP^, Lok Sabha, Rajya Sabha, Reserve Bank of India^, Air India^, Congress party^
ID | Indonesia | Indonesian, Indonesians | Jakarta, Surabaya, Bali, Java, Sumatra, Aceh, Bandung, Medan, Sulawesi, Papua, West Papua, Lombok, Yogyakarta, Kalimantan, Nusantara, Makassar | Prabowo^, Jokowi^, Widodo^
JP | Japan | Japanese | Tokyo, Osaka, Kyoto, Yokohama, Hiroshima, Nagasaki, Okinawa, Fukushima, Sapporo, Kobe, Nagoya, Hokkaido, Fukuoka, Sendai, Kyushu, Honshu, Noto, Ishikawa | Bank of Japan^, BOJ^, Nikkei^, Takaichi^, Ishiba^, Japan Airlines^
KZ | Kazakhstan | Kazakh, Kazakhs, Kazakhstani | Astana, Almaty, Shymkent, Baikonur, Aktau | Tokayev^
KI | Kiribati | I-Kiribati | Tarawa |
KP | North Korea, DPRK, Democratic People's Republic of Korea | North Korean, North Koreans | Pyongyang, Yongbyon, Kaesong, Sohae | Kim Jong Un^, Kim Jong-un^, Kim Yo Jong^, KCNA^
KR | South Korea, Republic of Korea, Korea, ROK | South Korean, South Koreans, Korean, Koreans | Seoul, Busan, Incheon, Daegu, Gwangju, Daejeon, Ulsan, Jeju, Pyeongtaek, Panmunjom | Samsung^, Hyundai^, SK Hynix^, Lee Jae-myung^, Yoon Suk Yeol^, Korean Air^
KG | Kyrgyzstan, Kyrgyz Republic | Kyrgyz | Bishkek, Osh |
LA | Laos, Lao PDR | Lao, Laotian | Vientiane, Luang Prabang |
MY | Malaysia | Malaysian, Malaysians | Kuala Lumpur, Penang, Johor, Sabah, Sarawak, Putrajaya, Malacca, Melaka, Kota Kinabalu | Petronas^, Anwar Ibrahim^
MV | Maldives | Maldivian, Maldivians | |
MH | Marshall Islands | Marshallese | Majuro |
FM | Micronesia, Federated States of Micronesia | Micronesian | Palikir |
MN | Mongolia | Mongolian, Mongolians | Ulaanbaatar, Ulan Bator |
MM | Myanmar, Burma | Burmese | Naypyitaw, Naypyidaw, Nay Pyi Taw, Yangon, Rangoon, Mandalay, Rakhine, Shan State, Kachin, Sagaing | Rohingya, Tatmadaw, Arakan Army, Min Aung Hlaing^, Aung San Suu Kyi^, Suu Kyi^
NR | Nauru | Nauruan | Yaren |
NP | Nepal | Nepali, Nepalis, Nepalese | Kathmandu, Pokhara |
NZ | New Zealand | New Zealander, New Zealanders | Wellington, Auckland, Christchurch, Dunedin | Luxon^
PK | Pakistan | Pakistani, Pakistanis | Islamabad, Karachi, Lahore, Peshawar, Rawalpindi, Quetta, Balochistan, Baluchistan, Khyber Pakhtunkhwa, Sindh, Multan, Faisalabad, Gwadar, Waziristan, Punjab, Kashmir, Hyderabad, Muzaffarabad | Imran Khan^, Shehbaz Sharif^, Asim Munir^, Pakistani Taliban, Tehrik-e-Taliban Pakistan
PW | Palau | Palauan | Koror, Ngerulmud |
PG | Papua New Guinea, PNG | Papua New Guinean | Port Moresby, Bougainville, Lae |
PH | Philippines, the Philippines | Philippine, Filipino, Filipinos, Filipina | Manila, Quezon City, Cebu, Davao, Mindanao, Luzon, Zamboanga, Marawi, Scarborough Shoal, Second Thomas Shoal | Marcos^, Duterte^
WS | Samoa | Samoan, Samoans | Apia |
SG | Singapore | Singaporean, Singaporeans | Changi | Singapore Airlines^, Temasek^
SB | Solomon Islands | Solomon Islander | Honiara, Guadalcanal |
LK | Sri Lanka | Sri Lankan, Sri Lankans | Colombo, Kandy, Jaffna, Galle | Tamil Tigers
TJ | Tajikistan | Tajik, Tajiks | Dushanbe, Khujand |
TH | Thailand | Thai, Thais | Bangkok, Chiang Mai, Phuket, Pattaya, Hat Yai, Yala, Narathiwat, Pattani | Paetongtarn^, Anutin^, Thaksin^
TL | East Timor, Timor-Leste, Timor Leste | East Timorese, Timorese | Dili |
TO | Tonga | Tongan, Tongans | Nuku'alofa, Nukualofa |
TM | Turkmenistan | Turkmen | Ashgabat |
TV | Tuvalu | Tuvaluan | Funafuti |
UZ | Uzbekistan | Uzbek, Uzbeks | Tashkent, Samarkand, Bukhara |
VU | Vanuatu | Ni-Vanuatu | Port Vila |
VN | Vietnam, Viet Nam | Vietnamese | Hanoi, Ho Chi Minh City, Saigon, Haiphong, Hai Phong, Da Nang, Danang, Hue | To Lam^
AU | Australia | Australian, Australians, Aussie, Aussies | Canberra, Sydney~, Melbourne, Brisbane, Perth, Adelaide, Darwin~, Hobart, Queensland, New South Wales, Tasmania, Gold Coast, Western Australia, Northern Territory, Alice Springs, Bondi | Albanese^, Qantas^, BHP^
TW | Taiwan, Republic of China | Taiwanese | Taipei, Kaohsiung, Taichung, Tainan, Hsinchu, Taiwan Strait, Kinmen, Matsu | TSMC^, Lai Ching-te^, Kuomintang, KMT
HK | Hong Kong | Hong Konger, Hong Kongers, Hongkonger, Hongkongers | Kowloon, Lantau | Hang Seng^, HKEX^, Cathay Pacific^
MO | Macau, Macao | Macanese | |
NC | New Caledonia | New Caledonian, Kanak, Kanaks | Noumea, Nouméa |
PF | French Polynesia | Tahitian | Tahiti, Papeete |
GU | Guam | Guamanian | Hagatna |
AS | American Samoa | | Pago Pago |
KH | Kampuchea | Kampuchean | |
LK | Ceylon | | |
BD | | | Dacca |
`
