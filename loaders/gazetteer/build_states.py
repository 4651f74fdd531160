"""Generate states.yaml and ministries.yaml (checked in; a test fails when they are stale).

    python -m loaders.gazetteer.build_states          # rewrite the files
    python -m loaders.gazetteer.build_states --check  # exit 1 if they differ

Sources: territory names in English, Arabic and Russian from CLDR (babel), ISO alpha-3 codes and
Wikidata ids from rigour (FollowTheMoney's territory data), and the table below, written by hand:
capitals, English demonyms, Arabic nisba adjectives and common extra names. The set of states is
kb.entities.state_names(), so every key here is the key kb.entities.resolve() gives the state.
Output is deterministic: the same babel and rigour versions give the same bytes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

# ISO: (capitals en, capitals ar, demonyms en, Arabic nisba, masculine singular, irregular Arabic plurals).
# "|" separates alternatives. A capital that is spelt like its state (الكويت, تونس) or like another
# name (عمان is Oman, not only Amman) is left out: the state's name already matches there.
# Brussels and The Hague are left out on purpose: in news they stand for the EU and the courts.
_TABLE: dict[str, tuple[str, str, str, str, str]] = {
    "AF": ("Kabul", "كابل|كابول", "Afghan|Afghans|Afghani", "أفغاني", "أفغان"),
    "RU": ("Moscow", "موسكو", "Russian|Russians", "روسي", "روس"),
    "US": ("Washington", "واشنطن", "American|Americans", "أمريكي|أميركي", "أمريكان|أميركان"),
    "CN": ("Beijing", "بكين|بيجين", "Chinese", "صيني", ""),
    "GB": ("London", "لندن", "British|Briton|Britons", "بريطاني", ""),
    "FR": ("Paris", "باريس", "French", "فرنسي", ""),
    "DE": ("Berlin", "برلين", "German|Germans", "ألماني", "ألمان"),
    "IT": ("Rome", "روما", "Italian|Italians", "إيطالي", ""),
    "ES": ("Madrid", "مدريد", "Spanish|Spaniard|Spaniards", "إسباني", ""),
    "IR": ("Tehran", "طهران", "Iranian|Iranians", "إيراني", ""),
    "IQ": ("Baghdad", "بغداد", "Iraqi|Iraqis", "عراقي", ""),
    "SY": ("Damascus", "دمشق", "Syrian|Syrians", "سوري", ""),
    "LB": ("Beirut", "بيروت", "Lebanese", "لبناني", ""),
    "JO": ("Amman", "", "Jordanian|Jordanians", "أردني", ""),
    "IL": ("", "", "Israeli|Israelis", "إسرائيلي", ""),
    "PS": ("", "", "Palestinian|Palestinians", "فلسطيني", ""),
    "EG": ("Cairo", "القاهرة", "Egyptian|Egyptians", "مصري", ""),
    "LY": ("Tripoli", "طرابلس", "Libyan|Libyans", "ليبي", ""),
    "TN": ("Tunis", "", "Tunisian|Tunisians", "تونسي", ""),
    "DZ": ("Algiers", "", "Algerian|Algerians", "جزائري", ""),
    "MA": ("Rabat", "الرباط", "Moroccan|Moroccans", "مغربي", "مغاربة"),
    "SD": ("Khartoum", "الخرطوم", "Sudanese", "سوداني", ""),
    # South Sudanese and South African are a noun and an adjective (جنوب سوداني): the article goes on the
    # first word only (الجنوب سوداني; الجنوب السوداني is "the Sudanese south", الجنوب الأفريقي is southern
    # Africa), so every form is listed whole in the last field, which adds each bare and with ال.
    "SS": ("Juba", "جوبا", "South Sudanese", "",
           "جنوب سوداني|جنوب سودانية|جنوب سودانيون|جنوب سودانيين"),
    "YE": ("Sanaa|Sana'a", "صنعاء", "Yemeni|Yemenis", "يمني", ""),
    "OM": ("Muscat", "مسقط", "Omani|Omanis", "عماني", ""),
    "QA": ("Doha", "الدوحة", "Qatari|Qataris", "قطري", ""),
    "BH": ("Manama", "المنامة", "Bahraini|Bahrainis", "بحريني", ""),
    "KW": ("Kuwait City", "", "Kuwaiti|Kuwaitis", "كويتي", ""),
    "SA": ("Riyadh", "الرياض", "Saudi|Saudis", "سعودي", ""),
    "AE": ("Abu Dhabi", "أبوظبي|أبو ظبي", "Emirati|Emiratis", "إماراتي", ""),
    "TR": ("Ankara", "أنقرة", "Turkish|Turk|Turks", "تركي", "أتراك"),
    "PK": ("Islamabad", "إسلام آباد|إسلام أباد|اسلام اباد", "Pakistani|Pakistanis", "باكستاني", ""),
    "IN": ("New Delhi", "نيودلهي|نيو دلهي", "Indian|Indians", "هندي", "هنود"),
    "BD": ("Dhaka", "دكا", "Bangladeshi|Bangladeshis", "بنغلاديشي", ""),
    "JP": ("Tokyo", "طوكيو", "Japanese", "ياباني", ""),
    "KR": ("Seoul", "سول|سيول", "South Korean|South Koreans", "كوري جنوبي", ""),
    "KP": ("Pyongyang", "بيونغ يانغ|بيونغيانغ", "North Korean|North Koreans", "كوري شمالي", ""),
    "UA": ("Kyiv|Kiev", "كييف", "Ukrainian|Ukrainians", "أوكراني", ""),
    "BY": ("Minsk", "مينسك", "Belarusian|Belarusians", "بيلاروسي", ""),
    "KZ": ("Astana|Nur-Sultan", "أستانا|نور سلطان", "Kazakh|Kazakhs|Kazakhstani", "كازاخستاني|كازاخي|كزاخستاني", ""),
    "UZ": ("Tashkent", "طشقند", "Uzbek|Uzbeks|Uzbekistani", "أوزبكستاني|أوزبكي", ""),
    "TJ": ("Dushanbe", "دوشنبه", "Tajik|Tajiks|Tajikistani", "طاجيكستاني|طاجيكي", ""),
    "KG": ("Bishkek", "بيشكك", "Kyrgyz|Kyrgyzstani", "قرغيزستاني|قيرغيزستاني|قرغيزي|قيرغيزي", ""),
    "TM": ("Ashgabat", "عشق آباد|عشق أباد", "Turkmen|Turkmenistani", "تركمانستاني|تركماني", ""),
    "AZ": ("Baku", "باكو", "Azerbaijani|Azerbaijanis|Azeri|Azeris", "أذربيجاني|أذري", ""),
    "AM": ("Yerevan", "يريفان", "Armenian|Armenians", "أرميني|أرمني", ""),
    "GE": ("Tbilisi", "تبليسي", "Georgian|Georgians", "جورجي", ""),
    "MN": ("Ulaanbaatar|Ulan Bator", "أولان باتور", "Mongolian|Mongolians", "منغولي", ""),
    "CA": ("Ottawa", "أوتاوا", "Canadian|Canadians", "كندي", ""),
    "MX": ("Mexico City", "مكسيكو سيتي", "Mexican|Mexicans", "مكسيكي", ""),
    "BR": ("Brasilia|Brasília", "برازيليا", "Brazilian|Brazilians", "برازيلي", ""),
    "AR": ("Buenos Aires", "بوينس آيرس", "Argentine|Argentinian|Argentinians", "أرجنتيني", ""),
    "VE": ("Caracas", "كاراكاس", "Venezuelan|Venezuelans", "فنزويلي", ""),
    "CU": ("Havana", "هافانا", "Cuban|Cubans", "كوبي", ""),
    "CO": ("Bogota|Bogotá", "بوغوتا", "Colombian|Colombians", "كولومبي", ""),
    "PE": ("Lima", "ليما", "Peruvian|Peruvians", "بيروفي", ""),
    "NI": ("Managua", "ماناغوا", "Nicaraguan|Nicaraguans", "نيكاراغوي", ""),
    "BO": ("La Paz", "لاباز", "Bolivian|Bolivians", "بوليفي", ""),
    "AU": ("Canberra", "كانبرا", "Australian|Australians", "أسترالي", ""),
    "NZ": ("Wellington", "ولينغتون", "New Zealander|New Zealanders", "نيوزيلندي", ""),
    "ID": ("Jakarta", "جاكرتا", "Indonesian|Indonesians", "إندونيسي", ""),
    "MY": ("Kuala Lumpur", "كوالالمبور|كوالا لمبور", "Malaysian|Malaysians", "ماليزي", ""),
    "VN": ("Hanoi", "هانوي", "Vietnamese", "فيتنامي", ""),
    "TH": ("Bangkok", "بانكوك", "Thai", "تايلاندي", ""),
    "PH": ("Manila", "مانيلا", "Filipino|Filipinos", "فلبيني", ""),
    "MM": ("Naypyidaw", "نايبيداو", "Burmese", "ميانماري", ""),
    "KH": ("Phnom Penh", "بنوم بنه", "Cambodian|Cambodians", "كمبودي", ""),
    "NP": ("Kathmandu", "كاتماندو", "Nepali|Nepalese", "نيبالي", ""),
    "LK": ("Colombo", "كولومبو", "Sri Lankan|Sri Lankans", "سريلانكي", ""),
    "TW": ("Taipei", "تايبيه", "Taiwanese", "تايواني", ""),
    "NG": ("Abuja", "أبوجا", "Nigerian|Nigerians", "نيجيري", ""),
    "ET": ("Addis Ababa", "أديس أبابا", "Ethiopian|Ethiopians", "إثيوبي", ""),
    "SO": ("Mogadishu", "مقديشو", "Somali|Somalis", "صومالي", ""),
    "KE": ("Nairobi", "نيروبي", "Kenyan|Kenyans", "كيني", ""),
    "ER": ("Asmara", "أسمرة", "Eritrean|Eritreans", "إريتري", ""),
    "MR": ("Nouakchott", "نواكشوط", "Mauritanian|Mauritanians", "موريتاني", ""),
    "TD": ("N'Djamena", "نجامينا|انجامينا", "Chadian|Chadians", "تشادي", ""),
    "NE": ("Niamey", "نيامي", "Nigerien|Nigeriens", "نيجري", ""),
    "ML": ("Bamako", "باماكو", "Malian|Malians", "", ""),  # مالي/المالي also mean "financial"
    "SN": ("Dakar", "داكار", "Senegalese", "سنغالي", ""),
    "ZA": ("Pretoria", "بريتوريا", "South African|South Africans", "",
           "جنوب أفريقي|جنوب أفريقية|جنوب أفريقيون|جنوب أفريقيين|جنوب إفريقي|جنوب إفريقية"),
    "UG": ("Kampala", "كمبالا", "Ugandan|Ugandans", "أوغندي", ""),
    "TZ": ("Dodoma", "دودوما", "Tanzanian|Tanzanians", "تنزاني", ""),
    "GH": ("Accra", "أكرا", "Ghanaian|Ghanaians", "غاني", ""),
    "CM": ("Yaoundé|Yaounde", "ياوندي", "Cameroonian|Cameroonians", "كاميروني", ""),
    "BF": ("Ouagadougou", "واغادوغو", "Burkinabe", "بوركيني", ""),
    # Congolese/كونغولي is DR Congo's: news means it far more often than the Republic of the Congo
    "CD": ("Kinshasa", "كينشاسا", "Congolese", "كونغولي", ""),
    "AO": ("Luanda", "لواندا", "Angolan|Angolans", "أنغولي", ""),
    "MZ": ("Maputo", "مابوتو", "Mozambican|Mozambicans", "موزمبيقي", ""),
    "PL": ("Warsaw", "وارسو", "Polish|Pole|Poles", "بولندي", ""),
    "HU": ("Budapest", "بودابست", "Hungarian|Hungarians", "هنغاري|مجري", ""),
    "RO": ("Bucharest", "بوخارست", "Romanian|Romanians", "روماني", ""),
    "BG": ("Sofia", "صوفيا", "Bulgarian|Bulgarians", "بلغاري", ""),
    "GR": ("Athens", "أثينا", "Greek|Greeks", "يوناني", ""),
    "CY": ("Nicosia", "نيقوسيا", "Cypriot|Cypriots", "قبرصي", ""),
    "RS": ("Belgrade", "بلغراد", "Serbian|Serbians|Serb|Serbs", "صربي", ""),
    "NL": ("Amsterdam", "أمستردام", "Dutch", "هولندي", ""),
    "BE": ("", "", "Belgian|Belgians", "بلجيكي", ""),
    "CH": ("Bern", "برن", "Swiss", "سويسري", ""),
    "AT": ("Vienna", "فيينا", "Austrian|Austrians", "نمساوي", ""),
    "SE": ("Stockholm", "ستوكهولم", "Swedish|Swede|Swedes", "سويدي", ""),
    "NO": ("Oslo", "أوسلو", "Norwegian|Norwegians", "نرويجي", ""),
    "FI": ("Helsinki", "هلسنكي", "Finnish|Finn|Finns", "فنلندي", ""),
    "DK": ("Copenhagen", "كوبنهاغن", "Danish|Dane|Danes", "دنماركي|دانماركي", ""),
    "IE": ("Dublin", "دبلن", "Irish", "أيرلندي|إيرلندي", ""),
    "PT": ("Lisbon", "لشبونة", "Portuguese", "برتغالي", ""),
    "MD": ("Chisinau", "كيشيناو", "Moldovan|Moldovans", "مولدوفي", ""),
    "LT": ("Vilnius", "فيلنيوس", "Lithuanian|Lithuanians", "ليتواني", ""),
    "LV": ("Riga", "ريغا", "Latvian|Latvians", "لاتفي", ""),
    "EE": ("Tallinn", "تالين", "Estonian|Estonians", "إستوني", ""),
    "CZ": ("Prague", "براغ", "Czech|Czechs", "تشيكي", ""),
    "SK": ("Bratislava", "براتيسلافا", "Slovak|Slovaks", "سلوفاكي", ""),
    "SI": ("Ljubljana", "ليوبليانا", "Slovenian|Slovene|Slovenians", "سلوفيني", ""),
    "HR": ("Zagreb", "زغرب", "Croatian|Croat|Croats", "كرواتي", ""),
    "BA": ("Sarajevo", "سراييفو", "Bosnian|Bosnians", "بوسني", ""),
    "AL": ("Tirana", "تيرانا", "Albanian|Albanians", "ألباني", ""),
    "XK": ("Pristina", "بريشتينا", "Kosovar|Kosovars", "كوسوفي", ""),
    "MK": ("Skopje", "سكوبيه", "Macedonian|Macedonians", "مقدوني", ""),
    "MT": ("Valletta", "فاليتا", "Maltese", "مالطي", ""),
    "IS": ("Reykjavik", "ريكيافيك", "Icelandic|Icelander|Icelanders", "آيسلندي", ""),
    # --- Africa
    "BI": ("Gitega|Bujumbura", "غيتيغا|بوجمبورا", "Burundian|Burundians", "بوروندي", ""),
    "BJ": ("Porto-Novo|Cotonou", "بورتو نوفو|كوتونو", "Beninese", "بنيني", ""),
    "BW": ("Gaborone", "غابورون", "Motswana|Batswana", "بوتسواني", ""),
    # "Central African" is also the region's adjective; the CAR has no nisba in common use
    "CF": ("Bangui", "بانغي", "", "", ""),
    "CG": ("Brazzaville", "برازافيل", "", "", ""),  # Congolese is DR Congo's (above)
    "CI": ("Abidjan|Yamoussoukro", "أبيدجان|ياموسوكرو", "Ivorian|Ivorians", "إيفواري", ""),
    "CV": ("Praia", "برايا", "Cape Verdean|Cape Verdeans", "", ""),
    "DJ": ("", "", "Djiboutian|Djiboutians", "جيبوتي", ""),  # the capital is spelt like the state
    # Sahrawi's Arabic صحراوي is also "desert" (adj.); Laayoune (العيون, "the eyes") is contested
    "EH": ("", "", "Sahrawi|Sahrawis", "", ""),
    "GA": ("Libreville", "ليبرفيل", "Gabonese", "غابوني", ""),
    "GM": ("Banjul", "بانجول", "Gambian|Gambians", "غامبي", ""),
    # Guinean/غيني is Guinea's; Guinea-Bissau's and Equatorial Guinea's demonyms are longer
    "GN": ("Conakry", "كوناكري", "Guinean|Guineans", "غيني", ""),
    "GQ": ("Malabo", "مالابو", "Equatorial Guinean|Equatorial Guineans|Equatoguinean|Equatoguineans",
           "غيني استوائي", ""),
    "GW": ("Bissau", "بيساو", "Bissau-Guinean|Bissau-Guineans", "", ""),
    "KM": ("Moroni", "موروني", "Comorian|Comorians", "", ""),  # قمري is also "lunar"
    "LR": ("Monrovia", "مونروفيا", "Liberian|Liberians", "ليبيري", ""),
    "LS": ("Maseru", "ماسيرو", "", "", ""),
    "MG": ("Antananarivo", "أنتاناناريفو", "Malagasy", "مدغشقري", ""),
    "MU": ("Port Louis", "بورت لويس", "Mauritian|Mauritians", "موريشيوسي", ""),
    "MW": ("Lilongwe", "ليلونغوي", "Malawian|Malawians", "ملاوي", ""),
    "NA": ("Windhoek", "ويندهوك", "Namibian|Namibians", "ناميبي", ""),
    "RW": ("Kigali", "كيغالي", "Rwandan|Rwandans", "رواندي", ""),
    "SC": ("", "", "Seychellois", "سيشيلي", ""),  # Victoria names too much else
    "SL": ("Freetown", "فريتاون", "Sierra Leonean|Sierra Leoneans", "سيراليوني", ""),
    "SZ": ("Mbabane", "مباباني", "Swazi|Swazis", "", ""),
    "TG": ("Lomé|Lome", "لومي", "Togolese", "توغولي", ""),
    "ZM": ("Lusaka", "لوساكا", "Zambian|Zambians", "زامبي", ""),
    "ZW": ("Harare", "هراري", "Zimbabwean|Zimbabweans", "زيمبابوي", ""),
    # --- the Americas
    # Santiago alone is also a first name (Santiago Peña) and other cities; San José, Kingston,
    # Georgetown, St. John's and Roseau (روسو is Rousseau) name too much else
    "CL": ("Santiago de Chile", "", "Chilean|Chileans", "تشيلي", ""),
    "EC": ("Quito", "كيتو", "Ecuadorian|Ecuadorians", "إكوادوري", ""),
    "PY": ("Asunción|Asuncion", "أسونسيون", "Paraguayan|Paraguayans", "باراغوياني|باراغواياني", ""),
    "UY": ("Montevideo", "مونتيفيديو", "Uruguayan|Uruguayans", "أوروغوياني|أوروغواياني", ""),
    "GY": ("", "", "Guyanese", "", ""),  # غوياني is also French Guiana's
    "SR": ("Paramaribo", "باراماريبو", "Surinamese", "سورينامي", ""),
    "PA": ("Panama City", "", "Panamanian|Panamanians", "بنمي", ""),
    "CR": ("", "", "Costa Rican|Costa Ricans", "كوستاريكي", ""),
    "SV": ("San Salvador", "سان سلفادور", "Salvadoran|Salvadorans|Salvadorian|Salvadorians", "سلفادوري", ""),
    "GT": ("Guatemala City", "", "Guatemalan|Guatemalans", "غواتيمالي", ""),
    "HN": ("Tegucigalpa", "تيغوسيغالبا", "Honduran|Hondurans", "هندوراسي", ""),
    "BZ": ("Belmopan", "بلموبان", "Belizean|Belizeans", "بليزي", ""),
    # Dominican is the Dominican Republic's, not Dominica's
    "DO": ("Santo Domingo", "سانتو دومينغو", "Dominican|Dominicans", "دومينيكاني", ""),
    "DM": ("Roseau", "", "", "", ""),
    "HT": ("Port-au-Prince", "بورت أو برنس", "Haitian|Haitians", "هايتي", ""),
    "JM": ("", "", "Jamaican|Jamaicans", "جامايكي", ""),
    "BS": ("Nassau", "ناساو", "Bahamian|Bahamians", "باهامي", ""),
    "BB": ("Bridgetown", "بريدجتاون", "Barbadian|Barbadians", "", ""),
    "TT": ("Port of Spain", "بورت أوف سبين", "Trinidadian|Trinidadians", "", ""),
    "AG": ("", "", "Antiguan|Antiguans", "", ""),
    "KN": ("Basseterre", "باستير", "", "", ""),
    "LC": ("Castries", "كاستريس", "Saint Lucian|Saint Lucians", "", ""),
    "VC": ("Kingstown", "كينغستاون", "", "", ""),
    "GD": ("", "", "Grenadian|Grenadians", "", ""),
    # --- Asia
    "SG": ("", "", "Singaporean|Singaporeans", "سنغافوري", ""),
    "BN": ("Bandar Seri Begawan", "بندر سري بكاوان", "Bruneian|Bruneians", "", ""),
    "BT": ("Thimphu", "تيمفو", "Bhutanese", "بوتاني", ""),
    "LA": ("Vientiane", "فيينتيان", "Laotian|Laotians", "لاوسي", ""),
    # Male is an English word and ماليه is مالية ("financial") once normalised
    "MV": ("Malé", "", "Maldivian|Maldivians", "مالديفي", ""),
    # ديلي is also "Daily" (ديلي ميل); تيموري is also Timurid
    "TL": ("Dili", "", "Timorese|East Timorese", "", ""),
    # --- Europe
    "AD": ("Andorra la Vella", "أندورا لا فيلا", "Andorran|Andorrans", "أندوري", ""),
    "LI": ("Vaduz", "فادوز", "Liechtensteiner|Liechtensteiners", "", ""),
    "LU": ("", "", "Luxembourgish|Luxembourger|Luxembourgers", "لوكسمبورغي", ""),
    "MC": ("", "", "Monegasque|Monégasque", "", ""),
    "ME": ("Podgorica", "بودغوريتسا", "Montenegrin|Montenegrins", "", ""),
    "SM": ("", "", "Sammarinese", "", ""),
    # --- Oceania
    "FJ": ("Suva", "سوفا", "Fijian|Fijians", "فيجي", ""),
    "PG": ("Port Moresby", "بورت مورسبي", "Papua New Guinean|Papua New Guineans", "", ""),
    "SB": ("Honiara", "هونيارا", "Solomon Islander|Solomon Islanders", "", ""),
    "VU": ("Port Vila", "بورت فيلا", "Ni-Vanuatu", "", ""),
    "WS": ("Apia", "", "Samoan|Samoans", "", ""),  # Samoan is Samoa's, not American Samoa's
    "TO": ("Nuku'alofa", "نوكوألوفا", "Tongan|Tongans", "", ""),
    "KI": ("Tarawa|South Tarawa", "تاراوا", "", "", ""),
    "MH": ("Majuro", "ماجورو", "Marshallese", "", ""),
    "FM": ("Palikir", "باليكير", "", "", ""),  # Micronesian is also the region's
    "PW": ("Ngerulmud", "", "Palauan|Palauans", "", ""),
    "NR": ("", "", "Nauruan|Nauruans", "", ""),
    "TV": ("Funafuti", "فونافوتي", "Tuvaluan|Tuvaluans", "", ""),
}

# Names in common use that CLDR and rigour do not give. The Taliban's government is Afghanistan (the
# regression conventions); "the Taliban" alone is the movement (organizations.yaml).
_EXTRA_NAMES: dict[str, dict[str, list[str]]] = {
    "AF": {"en": ["Islamic Emirate", "Taliban government", "Taliban-led government", "Taliban administration",
                  "Taliban authorities", "Taliban regime"],
           "ar": ["الإمارة الإسلامية", "إمارة أفغانستان الإسلامية", "الإمارة الإسلامية في أفغانستان",
                  "الإمارة الإسلامية الأفغانية", "حكومة طالبان", "حكومة حركة طالبان", "الحكومة الطالبانية",
                  "إدارة طالبان", "سلطات طالبان", "السلطات الطالبانية"],
           "ru": ["Исламский Эмират Афганистан"]},
    "US": {"en": ["US", "U.S.", "USA", "U.S.A.", "United States of America", "America"],
           "ar": ["الولايات المتحدة الأمريكية", "الولايات المتحدة الأميركية", "أمريكا", "أميركا"],
           "ru": ["США", "Соединённые Штаты", "Соединённые Штаты Америки", "Америка"]},
    "GB": {"en": ["UK", "U.K.", "Britain", "Great Britain"], "ar": ["بريطانيا", "بريطانيا العظمى"],
           "ru": ["Британия", "Соединённое Королевство"]},
    "RU": {"en": ["Russian Federation"], "ar": ["روسيا الاتحادية", "الاتحاد الروسي"],
           "ru": ["Российская Федерация", "РФ"]},
    "CN": {"en": ["PRC", "People's Republic of China", "mainland China"], "ar": ["جمهورية الصين الشعبية"]},
    "KP": {"en": ["DPRK"], "ru": ["Северная Корея"]},
    "KR": {"en": ["Republic of Korea"], "ru": ["Южная Корея"]},
    "IR": {"ar": ["الجمهورية الإسلامية الإيرانية"]},
    "SY": {"ar": ["سورية", "الجمهورية العربية السورية"]},
    "AE": {"en": ["UAE", "U.A.E.", "Emirates"], "ar": ["الإمارات", "دولة الإمارات"],
           "ru": ["Объединённые Арабские Эмираты"]},
    "SA": {"en": ["KSA"], "ar": ["السعودية"]},
    "TR": {"en": ["Turkey"], "ar": ["الجمهورية التركية"]},
    "PS": {"en": ["Palestine", "State of Palestine"], "ar": ["فلسطين", "دولة فلسطين"], "ru": ["Палестина"]},
    "CZ": {"en": ["Czech Republic"], "ar": ["جمهورية التشيك"]},
    "CI": {"en": ["Ivory Coast"], "ar": ["كوت ديفوار"]},
    "CD": {"en": ["DRC", "Democratic Republic of the Congo", "DR Congo"],
           "ar": ["جمهورية الكونغو الديمقراطية", "الكونغو الديمقراطية"]},
    "CG": {"en": ["Republic of the Congo"], "ar": ["جمهورية الكونغو"]},
    "SZ": {"en": ["Swaziland"]},
    "MK": {"en": ["Macedonia"], "ar": ["مقدونيا"]},
    "CV": {"en": ["Cabo Verde"]},
    "VA": {"en": ["Vatican", "Holy See"], "ar": ["الكرسي الرسولي"]},
    "NL": {"en": ["Holland"]},
    "TL": {"en": ["East Timor"], "ar": ["تيمور الشرقية"]},
    "BA": {"en": ["Bosnia"], "ar": ["البوسنة"]},
    "DK": {"ar": ["الدنمارك"]},
    "HU": {"ar": ["المجر"]},
    "IS": {"ar": ["أيسلندا"]},
    "OM": {"ar": ["سلطنة عمان"]},
    "QA": {"ar": ["دولة قطر"]},
    "KW": {"ar": ["دولة الكويت"]},
    "JO": {"ar": ["المملكة الأردنية الهاشمية"]},
    "BH": {"ar": ["مملكة البحرين"]},
    "EG": {"ar": ["جمهورية مصر العربية"]},
    "KG": {"ar": ["قرغيزستان", "قيرغيزيا", "قرغيزيا"]},
    "KZ": {"ar": ["كزاخستان", "قازاقستان"]},
    "TM": {"ar": ["تركمنستان"]},
    "UZ": {"ar": ["أوزباكستان"]},
    "BY": {"en": ["Byelorussia"], "ar": ["بيلاروسيا", "روسيا البيضاء"]},
    "ZA": {"ar": ["جنوب إفريقيا"]},
    "CF": {"ar": ["جمهورية إفريقيا الوسطى"]},
    # bare مالي and بنين are ordinary words ("financial", "sons"): blocked.yaml stops them matching
    "ML": {"ar": ["دولة مالي", "جمهورية مالي", "الحكومة المالية الانتقالية", "الحكومة المالية", "المجلس العسكري في مالي",
                  "المجلس العسكري الحاكم في مالي", "السلطات في مالي", "السلطات الانتقالية في مالي"]},
    "BJ": {"ar": ["دولة بنين", "جمهورية بنين"]},
}
# rigour's long names that name something else in the news.
_SKIP_RIGOUR_FULL: set[str] = set()
# Parenthesised CLDR names whose inner part is itself a name ("Myanmar (Burma)").
_INNER_IS_NAME = {"MM"}


def _split(field: str) -> list[str]:
    return [x for x in field.split("|") if x]


def _unique(items) -> list[str]:
    out: list[str] = []
    for x in items:
        x = " ".join(x.split())
        if x and x not in out:
            out.append(x)
    return out


def _cldr_forms(code: str, name: str) -> list[str]:
    out = [name]
    if "(" in name:
        out.append(re.sub(r"\s*\([^)]*\)", "", name))
        if code in _INNER_IS_NAME:
            out.extend(re.findall(r"\(([^)]*)\)", name))
    if "&" in name:
        out.append(name.replace("&", "and"))
    return out


def nisba_forms(masculine: str) -> list[str]:
    """Arabic nisba adjective forms: masculine, feminine, sound plurals (nominative and oblique), each
    bare and with the article on every word ("كوري شمالي" -> "الكورية الشمالية", ...)."""
    words = masculine.split()
    forms = [" ".join(w + suffix for w in words) for suffix in ("", "ة", "ون", "ين")]
    return forms + [" ".join("ال" + w for w in f.split()) for f in forms]


def state_entries() -> list[dict]:
    from babel import Locale
    import rigour.territories as territories

    from kb.entities import state_names

    cldr = {lang: Locale.parse(lang).territories for lang in ("en", "ar", "ru")}
    english = state_names().english
    out = []
    for code in sorted(english):
        ter = territories.get_territory(code.lower())
        names: dict[str, list[str]] = {}
        for lang in ("en", "ar", "ru"):
            forms = _cldr_forms(code, cldr[lang][code]) if code in cldr[lang] else []
            if lang == "en" and ter is not None:
                forms.append(ter.name)
                if code not in _SKIP_RIGOUR_FULL and "(" not in ter.full_name and "[" not in ter.full_name:
                    forms.append(ter.full_name)
            forms.extend(_EXTRA_NAMES.get(code, {}).get(lang, []))
            names[lang] = _unique(forms)
        entry: dict = {"key": f"state:{code}", "kind": "State", "name": english[code], "iso": code}
        if ter is not None and ter.alpha3:
            entry["iso3"] = ter.alpha3.upper()
        if ter is not None and ter.qid and ter.qid != "None":
            entry["wikidata"] = ter.qid
        entry["names"] = names
        if code in _TABLE:
            cap_en, cap_ar, dem_en, nisba, plural = _TABLE[code]
            capitals = {lang: _split(v) for lang, v in (("en", cap_en), ("ar", cap_ar)) if v}
            if capitals:
                entry["capitals"] = capitals
            demonyms: dict[str, list[str]] = {}
            if dem_en:
                demonyms["en"] = _split(dem_en)
            ar_forms = [f for m in _split(nisba) for f in nisba_forms(m)]
            ar_forms += [f for p in _split(plural) for f in (p, "ال" + p)]
            if ar_forms:
                demonyms["ar"] = _unique(ar_forms)
            if demonyms:
                entry["demonyms"] = demonyms
        out.append(entry)
    # a form two states share (a parenthesis dropped: "Виргинские о-ва") names neither
    seen: dict[tuple[str, str], int] = {}
    for entry in out:
        for lang, forms in entry["names"].items():
            for f in forms:
                seen[(lang, f)] = seen.get((lang, f), 0) + 1
    for entry in out:
        entry["names"] = {lang: [f for f in forms if seen[(lang, f)] == 1 or f == entry["name"]]
                          for lang, forms in entry["names"].items()}
    return out


# State organs every state has, by kind: (English name pattern, English forms, Arabic forms). In the
# English forms {adj} is a demonym ("Russian"), {short} the state's short name; in the Arabic ones {fem}
# is the feminine nisba with the article ("الروسية"), {masc} the masculine one ("الروسي"), {ar} the
# state's Arabic name. The English name is the one the organ is known by: "Ministry of Justice of Russia",
# "Supreme Court of Russia" (the way the gazetteer names the foreign and defence ministries).
_MINISTRIES = [
    # (office, English office in the name, English words for the ministry, Arabic word after وزارة)
    ("foreign", "Foreign Affairs", ["foreign ministry", "ministry of foreign affairs"], "الخارجية"),
    ("defence", "Defence", ["defence ministry", "defense ministry", "ministry of defence", "ministry of defense"],
     "الدفاع"),
    ("justice", "Justice", ["justice ministry", "ministry of justice"], "العدل"),
    ("interior", "Interior", ["interior ministry", "ministry of interior", "ministry of the interior"],
     "الداخلية"),
    ("finance", "Finance", ["finance ministry", "ministry of finance"], "المالية"),
    ("economy", "Economy", ["economy ministry", "economic ministry", "ministry of economy",
                            "ministry of the economy", "ministry of economic development"], "الاقتصاد"),
    ("trade", "Trade", ["trade ministry", "commerce ministry", "ministry of trade", "ministry of commerce",
                        "ministry of foreign trade"], "التجارة"),
    ("energy", "Energy", ["energy ministry", "ministry of energy", "oil ministry", "ministry of oil",
                          "ministry of petroleum"], "الطاقة"),
]
# Courts, the central bank and parliament: (English name template, English forms, Arabic forms).
_ORGANS = [
    ("Supreme Court of {name}", ["Supreme Court of {short}", "{short}'s Supreme Court", "{adj} Supreme Court",
                                 "{short}'s top court", "{adj} top court", "Supreme Court in {short}"],
     ["المحكمة العليا {fem}", "المحكمة العليا في {ar}", "المحكمة العليا ب{ar}"]),
    ("Constitutional Court of {name}", ["Constitutional Court of {short}", "{short}'s Constitutional Court",
                                        "{adj} Constitutional Court"],
     ["المحكمة الدستورية {fem}", "المحكمة الدستورية في {ar}", "المحكمة الدستورية العليا {fem}"]),
    ("Central Bank of {name}", ["Central Bank of {short}", "{short}'s central bank", "{adj} central bank",
                                "{adj} Central Bank"],
     ["البنك المركزي {masc}", "مصرف {ar} المركزي", "البنك المركزي في {ar}"]),
    ("Parliament of {name}", ["Parliament of {short}", "{short}'s parliament", "{adj} parliament",
                              "{adj} Parliament", "{adj} lawmakers", "{adj} legislature"],
     ["البرلمان {masc}", "برلمان {ar}", "البرلمان في {ar}"]),
]
# Where a state's organ has its own name (the US departments), or a US body sanctions in its own name.
_US_ORGANS = {
    "foreign": ("United States Department of State",
                ["State Department", "US State Department", "U.S. State Department", "US Department of State",
                 "U.S. Department of State", "Department of State"], ["وزارة الخارجية الأمريكية",
                                                                       "الخارجية الأمريكية"]),
    "defence": ("United States Department of Defense",
                ["Pentagon", "the Pentagon", "US Defense Department", "U.S. Defense Department",
                 "US Department of Defense", "Department of Defense", "Defense Department",
                 "Department of War", "War Department"], ["وزارة الدفاع الأمريكية", "البنتاغون", "البنتاجون"]),
    "justice": ("United States Department of Justice",
                ["Justice Department", "US Justice Department", "U.S. Justice Department", "Department of Justice",
                 "US Department of Justice", "U.S. Department of Justice", "DOJ"], ["وزارة العدل الأمريكية"]),
    "finance": ("United States Department of the Treasury",
                ["Treasury", "US Treasury", "U.S. Treasury", "Treasury Department", "US Treasury Department",
                 "U.S. Treasury Department", "Department of the Treasury", "US Department of the Treasury",
                 "U.S. Department of the Treasury"],
                ["وزارة الخزانة الأمريكية", "الخزانة الأمريكية", "وزارة الخزانة", "الخزانة الأميركية",
                 "وزارة الخزانة الأميركية", "وزارة المالية الأمريكية"]),
    "trade": ("United States Department of Commerce",
              ["Commerce Department", "US Commerce Department", "U.S. Commerce Department", "Department of Commerce",
               "US Department of Commerce", "U.S. Department of Commerce"], ["وزارة التجارة الأمريكية"]),
    "energy": ("United States Department of Energy",
               ["Energy Department", "US Energy Department", "U.S. Energy Department", "Department of Energy"],
               ["وزارة الطاقة الأمريكية"]),
    "interior": ("United States Department of Homeland Security",
                 ["Department of Homeland Security", "Homeland Security Department", "DHS"],
                 ["وزارة الأمن الداخلي الأمريكية"]),
    "Supreme Court of {name}": ("Supreme Court of the United States",
                                ["US Supreme Court", "U.S. Supreme Court", "Supreme Court of the United States"],
                                ["المحكمة العليا الأمريكية", "المحكمة العليا الأميركية"]),
    "Central Bank of {name}": ("Federal Reserve", ["Federal Reserve", "US Federal Reserve", "U.S. Federal Reserve",
                                                   "the Fed", "US central bank", "U.S. central bank"],
                               ["الاحتياطي الفيدرالي", "مجلس الاحتياطي الفيدرالي", "البنك المركزي الأمريكي"]),
    "Parliament of {name}": ("United States Congress", ["Congress", "US Congress", "U.S. Congress",
                                                        "American lawmakers", "US lawmakers", "U.S. lawmakers"],
                             ["الكونغرس", "الكونغرس الأمريكي", "الكونجرس", "الكونجرس الأمريكي",
                              "الكونغرس الأميركي"]),
}

# States whose central bank organizations.yaml names by its own name (Bank of Russia, Da Afghanistan Bank).
_OWN_CENTRAL_BANK = {"AF", "RU", "US", "CN", "IR", "SY", "PK", "EG", "TR", "SA", "IQ", "GB"}

# British departments keep their own names.
_GB_ORGANS = {
    "foreign": ("Foreign, Commonwealth and Development Office",
                ["Foreign Office", "British Foreign Office", "UK Foreign Office", "FCDO", "Foreign and Commonwealth Office",
                 "British foreign ministry", "UK foreign ministry", "Britain's foreign ministry"],
                ["الخارجية البريطانية", "وزارة الخارجية البريطانية", "وزارة الخارجية والكومنولث والتنمية البريطانية"]),
    "interior": ("Home Office", ["Home Office", "British Home Office", "UK Home Office", "British interior ministry"],
                 ["وزارة الداخلية البريطانية", "الداخلية البريطانية"]),
    "finance": ("HM Treasury", ["HM Treasury", "British Treasury", "UK Treasury", "Her Majesty's Treasury",
                                "His Majesty's Treasury", "British finance ministry"],
                ["وزارة الخزانة البريطانية", "الخزانة البريطانية", "وزارة المالية البريطانية"]),
    "defence": ("Ministry of Defence of United Kingdom",
                ["British Ministry of Defence", "UK Ministry of Defence", "British defence ministry",
                 "UK defence ministry", "Britain's defence ministry"],
                ["وزارة الدفاع البريطانية", "الدفاع البريطانية"]),
}
_OWN_NAMES = {"US": _US_ORGANS, "GB": _GB_ORGANS}


def _fem_al(masculine: str) -> str:
    return " ".join("ال" + w + "ة" for w in masculine.split())


def _masc_al(masculine: str) -> str:
    return " ".join("ال" + w for w in masculine.split())


def ministry_entries(states: list[dict]) -> list[dict]:
    """Ministries, courts, central banks and parliaments of the states that have a demonym and a nisba in
    the table, each with its state as `parent`."""
    out = []
    for st in states:
        code = st["iso"]
        if code not in _TABLE:
            continue
        _, _, dem_en, nisba, _ = _TABLE[code]
        if not dem_en or not nisba:
            continue
        adjs = _split(dem_en)[:1]
        shorts = [st["name"]] + {"US": ["United States", "US", "U.S."], "GB": ["Britain", "UK"],
                                 "TR": ["Turkey"]}.get(code, [])
        ar_names = [n for n in st["names"]["ar"] if "(" not in n][:2]
        fem = [_fem_al(m) for m in _split(nisba)]
        masc = [_masc_al(m) for m in _split(nisba)]

        def fill(forms_en, forms_ar):
            en = [f.format(adj=a, short=s) for f in forms_en for a in adjs for s in shorts]
            ar = [f.format(fem=x, masc=y, ar=n) for f in forms_ar for x in fem for y in masc for n in ar_names]
            return en, ar

        for office, en_office, en_words, ar_office in _MINISTRIES:
            if code in _OWN_NAMES and office in _OWN_NAMES[code]:
                name, en, ar = _OWN_NAMES[code][office]
                en, ar = [name, *en], list(ar)
            elif code == "US":
                continue
            else:
                name = f"Ministry of {en_office} of {st['name']}"
                en, ar = fill([f"{{adj}} {w}" for w in en_words] + [f"{{short}}'s {w}" for w in en_words]
                              + [f"{w} of {{short}}" for w in en_words if w.startswith("ministry")], [])
                en = [name, *en]
                ar = [f"{p}{ar_office} {f}" for f in fem for p in ("وزارة ", "")]
                ar += [f"وزارة {ar_office[2:]} {n}" for n in ar_names]
            out.append({"key": None, "kind": "Organization", "name": name,
                        "names": {"en": _unique(en), "ar": _unique(ar)}, "parent": f"state:{code}"})
        for template, forms_en, forms_ar in _ORGANS:
            if template.startswith("Central Bank") and code in _OWN_CENTRAL_BANK:
                continue
            if code in _OWN_NAMES and template in _OWN_NAMES[code]:
                name, en, ar = _OWN_NAMES[code][template]
                en, ar = [name, *en], list(ar)
            else:
                name = template.format(name=st["name"])
                en, ar = fill(forms_en, forms_ar)
                en = [name, *en]
            out.append({"key": None, "kind": "Organization", "name": name,
                        "names": {"en": _unique(en), "ar": _unique(ar)}, "parent": f"state:{code}"})
    from kb.entities import slug

    for e in out:
        e["key"] = f"organization:{slug(e['name'])}"
    return out


_HEADER = ("# GENERATED by loaders/gazetteer/build_states.py from CLDR (babel) and rigour territory data and\n"
           "# the script's own table. Do not edit: change the script and run\n"
           "#   python -m loaders.gazetteer.build_states\n")


def render() -> dict[str, str]:
    """File name -> the exact text build writes."""
    states = state_entries()

    def dump(entries: list[dict]) -> str:
        body = yaml.safe_dump({"entries": entries}, allow_unicode=True, sort_keys=False, width=4096,
                              default_flow_style=None)
        return _HEADER + body

    return {"states.yaml": dump(states), "ministries.yaml": dump(ministry_entries(states))}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    stale = []
    for name, text in render().items():
        path = HERE / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(name)
            if "--check" not in argv:
                path.write_text(text, encoding="utf-8")
    if "--check" in argv and stale:
        print("stale: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
