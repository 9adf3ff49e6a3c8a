// The Windows time zone ids Azure's auto-shutdown schedules take, each with the IANA (tz database)
// zones that map to it. Microsoft.DevTestLab schedules' timeZoneId: "The time zone ID (e.g. China
// Standard Time, Greenland Standard Time, Pacific Standard time, etc.). The possible values for this
// property can be found in ... TimeZoneConverter.TZConvert.KnownWindowsTimeZoneIds"
// (https://learn.microsoft.com/dotnet/api/azure.resourcemanager.devtestlabs.models.devtestlabschedulecreationparameter.timezoneid),
// and TimeZoneConverter's Windows ids are those of Unicode CLDR's windowsZones.xml.
//
// Source: Unicode CLDR common/supplemental/windowsZones.xml (https://github.com/unicode-org/cldr,
// commit 062dc06d16b0884bc42b0b04e5408aec6b85eb20, mapTimezones otherVersion "7e11800", typeVersion
// "2021a"; read 2026-12-05). One row per Windows id ("other"), in the file's order; its IANA zones are
// the "type" values of its mapZone elements, the territory "001" one first, then the others in file
// order, each once.

export const WINDOWS_ZONES: readonly (readonly [windowsId: string, iana: string])[] = [
  ["Dateline Standard Time", "Etc/GMT+12"],
  ["UTC-11", "Etc/GMT+11 Pacific/Pago_Pago Pacific/Niue Pacific/Midway"],
  ["Aleutian Standard Time", "America/Adak"],
  ["Hawaiian Standard Time", "Pacific/Honolulu Pacific/Rarotonga Pacific/Tahiti Etc/GMT+10"],
  ["Marquesas Standard Time", "Pacific/Marquesas"],
  ["Alaskan Standard Time", "America/Anchorage America/Juneau America/Metlakatla America/Nome America/Sitka America/Yakutat"],
  ["UTC-09", "Etc/GMT+9 Pacific/Gambier"],
  ["Pacific Standard Time (Mexico)", "America/Tijuana"],
  ["UTC-08", "Etc/GMT+8 Pacific/Pitcairn"],
  ["Pacific Standard Time", "America/Los_Angeles America/Vancouver"],
  ["US Mountain Standard Time", "America/Phoenix America/Creston America/Dawson_Creek America/Fort_Nelson America/Hermosillo Etc/GMT+7"],
  ["Mountain Standard Time (Mexico)", "America/Mazatlan"],
  ["Mountain Standard Time", "America/Denver America/Edmonton America/Cambridge_Bay America/Inuvik America/Ciudad_Juarez America/Boise"],
  ["Yukon Standard Time", "America/Whitehorse America/Dawson"],
  [
    "Central America Standard Time",
    "America/Guatemala America/Belize America/Costa_Rica Pacific/Galapagos America/Tegucigalpa America/Managua America/El_Salvador Etc/GMT+6",
  ],
  [
    "Central Standard Time",
    "America/Chicago America/Winnipeg America/Rankin_Inlet America/Resolute America/Matamoros America/Ojinaga America/Indiana/Knox America/Indiana/Tell_City America/Menominee America/North_Dakota/Beulah America/North_Dakota/Center America/North_Dakota/New_Salem",
  ],
  ["Easter Island Standard Time", "Pacific/Easter"],
  ["Central Standard Time (Mexico)", "America/Mexico_City America/Bahia_Banderas America/Merida America/Monterrey America/Chihuahua"],
  ["Canada Central Standard Time", "America/Regina America/Swift_Current"],
  [
    "SA Pacific Standard Time",
    "America/Bogota America/Rio_Branco America/Eirunepe America/Coral_Harbour America/Guayaquil America/Jamaica America/Cayman America/Panama America/Lima Etc/GMT+5",
  ],
  ["Eastern Standard Time (Mexico)", "America/Cancun"],
  [
    "Eastern Standard Time",
    "America/New_York America/Nassau America/Toronto America/Iqaluit America/Detroit America/Indiana/Petersburg America/Indiana/Vincennes America/Indiana/Winamac America/Kentucky/Monticello America/Louisville",
  ],
  ["Haiti Standard Time", "America/Port-au-Prince"],
  ["Cuba Standard Time", "America/Havana"],
  ["US Eastern Standard Time", "America/Indianapolis America/Indiana/Marengo America/Indiana/Vevay"],
  ["Turks And Caicos Standard Time", "America/Grand_Turk"],
  ["Paraguay Standard Time", "America/Asuncion"],
  ["Atlantic Standard Time", "America/Halifax Atlantic/Bermuda America/Glace_Bay America/Goose_Bay America/Moncton America/Thule"],
  ["Venezuela Standard Time", "America/Caracas"],
  ["Central Brazilian Standard Time", "America/Cuiaba America/Campo_Grande"],
  [
    "SA Western Standard Time",
    "America/La_Paz America/Antigua America/Anguilla America/Aruba America/Barbados America/St_Barthelemy America/Kralendijk America/Manaus America/Boa_Vista America/Porto_Velho America/Blanc-Sablon America/Curacao America/Dominica America/Santo_Domingo America/Grenada America/Guadeloupe America/Guyana America/St_Kitts America/St_Lucia America/Marigot America/Martinique America/Montserrat America/Puerto_Rico America/Lower_Princes America/Port_of_Spain America/St_Vincent America/Tortola America/St_Thomas Etc/GMT+4",
  ],
  ["Pacific SA Standard Time", "America/Santiago"],
  ["Newfoundland Standard Time", "America/St_Johns"],
  ["Tocantins Standard Time", "America/Araguaina"],
  ["E. South America Standard Time", "America/Sao_Paulo"],
  [
    "SA Eastern Standard Time",
    "America/Cayenne Antarctica/Rothera Antarctica/Palmer America/Fortaleza America/Belem America/Maceio America/Recife America/Santarem Atlantic/Stanley America/Paramaribo Etc/GMT+3",
  ],
  [
    "Argentina Standard Time",
    "America/Buenos_Aires America/Argentina/La_Rioja America/Argentina/Rio_Gallegos America/Argentina/Salta America/Argentina/San_Juan America/Argentina/San_Luis America/Argentina/Tucuman America/Argentina/Ushuaia America/Catamarca America/Cordoba America/Jujuy America/Mendoza",
  ],
  ["Greenland Standard Time", "America/Godthab"],
  ["Montevideo Standard Time", "America/Montevideo"],
  ["Magallanes Standard Time", "America/Punta_Arenas"],
  ["Saint Pierre Standard Time", "America/Miquelon"],
  ["Bahia Standard Time", "America/Bahia"],
  ["UTC-02", "Etc/GMT+2 America/Noronha Atlantic/South_Georgia"],
  ["Azores Standard Time", "Atlantic/Azores America/Scoresbysund"],
  ["Cape Verde Standard Time", "Atlantic/Cape_Verde Etc/GMT+1"],
  ["UTC", "Etc/UTC Etc/GMT"],
  [
    "GMT Standard Time",
    "Europe/London Atlantic/Canary Atlantic/Faeroe Europe/Guernsey Europe/Dublin Europe/Isle_of_Man Europe/Jersey Europe/Lisbon Atlantic/Madeira",
  ],
  [
    "Greenwich Standard Time",
    "Atlantic/Reykjavik Africa/Ouagadougou Africa/Abidjan Africa/Accra America/Danmarkshavn Africa/Banjul Africa/Conakry Africa/Bissau Africa/Monrovia Africa/Bamako Africa/Nouakchott Atlantic/St_Helena Africa/Freetown Africa/Dakar Africa/Lome",
  ],
  ["Sao Tome Standard Time", "Africa/Sao_Tome"],
  ["Morocco Standard Time", "Africa/Casablanca Africa/El_Aaiun"],
  [
    "W. Europe Standard Time",
    "Europe/Berlin Europe/Andorra Europe/Vienna Europe/Zurich Europe/Busingen Europe/Gibraltar Europe/Rome Europe/Vaduz Europe/Luxembourg Europe/Monaco Europe/Malta Europe/Amsterdam Europe/Oslo Europe/Stockholm Arctic/Longyearbyen Europe/San_Marino Europe/Vatican",
  ],
  [
    "Central Europe Standard Time",
    "Europe/Budapest Europe/Tirane Europe/Prague Europe/Podgorica Europe/Belgrade Europe/Ljubljana Europe/Bratislava",
  ],
  ["Romance Standard Time", "Europe/Paris Europe/Brussels Europe/Copenhagen Europe/Madrid Africa/Ceuta"],
  ["Central European Standard Time", "Europe/Warsaw Europe/Sarajevo Europe/Zagreb Europe/Skopje"],
  [
    "W. Central Africa Standard Time",
    "Africa/Lagos Africa/Luanda Africa/Porto-Novo Africa/Kinshasa Africa/Bangui Africa/Brazzaville Africa/Douala Africa/Algiers Africa/Libreville Africa/Malabo Africa/Niamey Africa/Ndjamena Africa/Tunis Etc/GMT-1",
  ],
  ["Jordan Standard Time", "Asia/Amman"],
  ["GTB Standard Time", "Europe/Bucharest Asia/Nicosia Asia/Famagusta Europe/Athens"],
  ["Middle East Standard Time", "Asia/Beirut"],
  ["Egypt Standard Time", "Africa/Cairo"],
  ["E. Europe Standard Time", "Europe/Chisinau"],
  ["Syria Standard Time", "Asia/Damascus"],
  ["West Bank Standard Time", "Asia/Hebron Asia/Gaza"],
  [
    "South Africa Standard Time",
    "Africa/Johannesburg Africa/Bujumbura Africa/Gaborone Africa/Lubumbashi Africa/Maseru Africa/Blantyre Africa/Maputo Africa/Kigali Africa/Mbabane Africa/Lusaka Africa/Harare Etc/GMT-2",
  ],
  ["FLE Standard Time", "Europe/Kiev Europe/Mariehamn Europe/Sofia Europe/Tallinn Europe/Helsinki Europe/Vilnius Europe/Riga"],
  ["Israel Standard Time", "Asia/Jerusalem"],
  ["South Sudan Standard Time", "Africa/Juba"],
  ["Kaliningrad Standard Time", "Europe/Kaliningrad"],
  ["Sudan Standard Time", "Africa/Khartoum"],
  ["Libya Standard Time", "Africa/Tripoli"],
  ["Namibia Standard Time", "Africa/Windhoek"],
  ["Arabic Standard Time", "Asia/Baghdad"],
  ["Turkey Standard Time", "Europe/Istanbul"],
  ["Arab Standard Time", "Asia/Riyadh Asia/Bahrain Asia/Kuwait Asia/Qatar Asia/Aden"],
  ["Belarus Standard Time", "Europe/Minsk"],
  ["Russian Standard Time", "Europe/Moscow Europe/Kirov Europe/Simferopol"],
  [
    "E. Africa Standard Time",
    "Africa/Nairobi Antarctica/Syowa Africa/Djibouti Africa/Asmera Africa/Addis_Ababa Indian/Comoro Indian/Antananarivo Africa/Mogadishu Africa/Dar_es_Salaam Africa/Kampala Indian/Mayotte Etc/GMT-3",
  ],
  ["Iran Standard Time", "Asia/Tehran"],
  ["Arabian Standard Time", "Asia/Dubai Asia/Muscat Etc/GMT-4"],
  ["Astrakhan Standard Time", "Europe/Astrakhan Europe/Ulyanovsk"],
  ["Azerbaijan Standard Time", "Asia/Baku"],
  ["Russia Time Zone 3", "Europe/Samara"],
  ["Mauritius Standard Time", "Indian/Mauritius Indian/Reunion Indian/Mahe"],
  ["Saratov Standard Time", "Europe/Saratov"],
  ["Georgian Standard Time", "Asia/Tbilisi"],
  ["Volgograd Standard Time", "Europe/Volgograd"],
  ["Caucasus Standard Time", "Asia/Yerevan"],
  ["Afghanistan Standard Time", "Asia/Kabul"],
  [
    "West Asia Standard Time",
    "Asia/Tashkent Antarctica/Mawson Asia/Oral Asia/Almaty Asia/Aqtau Asia/Aqtobe Asia/Atyrau Asia/Qostanay Indian/Maldives Indian/Kerguelen Asia/Dushanbe Asia/Ashgabat Asia/Samarkand Etc/GMT-5",
  ],
  ["Ekaterinburg Standard Time", "Asia/Yekaterinburg"],
  ["Pakistan Standard Time", "Asia/Karachi"],
  ["Qyzylorda Standard Time", "Asia/Qyzylorda"],
  ["India Standard Time", "Asia/Calcutta"],
  ["Sri Lanka Standard Time", "Asia/Colombo"],
  ["Nepal Standard Time", "Asia/Katmandu"],
  ["Central Asia Standard Time", "Asia/Bishkek Antarctica/Vostok Asia/Urumqi Indian/Chagos Etc/GMT-6"],
  ["Bangladesh Standard Time", "Asia/Dhaka Asia/Thimphu"],
  ["Omsk Standard Time", "Asia/Omsk"],
  ["Myanmar Standard Time", "Asia/Rangoon Indian/Cocos"],
  [
    "SE Asia Standard Time",
    "Asia/Bangkok Antarctica/Davis Indian/Christmas Asia/Jakarta Asia/Pontianak Asia/Phnom_Penh Asia/Vientiane Asia/Saigon Etc/GMT-7",
  ],
  ["Altai Standard Time", "Asia/Barnaul"],
  ["W. Mongolia Standard Time", "Asia/Hovd"],
  ["North Asia Standard Time", "Asia/Krasnoyarsk Asia/Novokuznetsk"],
  ["N. Central Asia Standard Time", "Asia/Novosibirsk"],
  ["Tomsk Standard Time", "Asia/Tomsk"],
  ["China Standard Time", "Asia/Shanghai Asia/Hong_Kong Asia/Macau"],
  ["North Asia East Standard Time", "Asia/Irkutsk"],
  ["Singapore Standard Time", "Asia/Singapore Asia/Brunei Asia/Makassar Asia/Kuala_Lumpur Asia/Kuching Asia/Manila Etc/GMT-8"],
  ["W. Australia Standard Time", "Australia/Perth"],
  ["Taipei Standard Time", "Asia/Taipei"],
  ["Ulaanbaatar Standard Time", "Asia/Ulaanbaatar Asia/Choibalsan"],
  ["Aus Central W. Standard Time", "Australia/Eucla"],
  ["Transbaikal Standard Time", "Asia/Chita"],
  ["Tokyo Standard Time", "Asia/Tokyo Asia/Jayapura Pacific/Palau Asia/Dili Etc/GMT-9"],
  ["North Korea Standard Time", "Asia/Pyongyang"],
  ["Korea Standard Time", "Asia/Seoul"],
  ["Yakutsk Standard Time", "Asia/Yakutsk Asia/Khandyga"],
  ["Cen. Australia Standard Time", "Australia/Adelaide Australia/Broken_Hill"],
  ["AUS Central Standard Time", "Australia/Darwin"],
  ["E. Australia Standard Time", "Australia/Brisbane Australia/Lindeman"],
  ["AUS Eastern Standard Time", "Australia/Sydney Australia/Melbourne"],
  ["West Pacific Standard Time", "Pacific/Port_Moresby Antarctica/DumontDUrville Pacific/Truk Pacific/Guam Pacific/Saipan Etc/GMT-10"],
  ["Tasmania Standard Time", "Australia/Hobart Antarctica/Macquarie"],
  ["Vladivostok Standard Time", "Asia/Vladivostok Asia/Ust-Nera"],
  ["Lord Howe Standard Time", "Australia/Lord_Howe"],
  ["Bougainville Standard Time", "Pacific/Bougainville"],
  ["Russia Time Zone 10", "Asia/Srednekolymsk"],
  ["Magadan Standard Time", "Asia/Magadan"],
  ["Norfolk Standard Time", "Pacific/Norfolk"],
  ["Sakhalin Standard Time", "Asia/Sakhalin"],
  [
    "Central Pacific Standard Time",
    "Pacific/Guadalcanal Antarctica/Casey Pacific/Ponape Pacific/Kosrae Pacific/Noumea Pacific/Efate Etc/GMT-11",
  ],
  ["Russia Time Zone 11", "Asia/Kamchatka Asia/Anadyr"],
  ["New Zealand Standard Time", "Pacific/Auckland Antarctica/McMurdo"],
  ["UTC+12", "Etc/GMT-12 Pacific/Tarawa Pacific/Majuro Pacific/Kwajalein Pacific/Nauru Pacific/Funafuti Pacific/Wake Pacific/Wallis"],
  ["Fiji Standard Time", "Pacific/Fiji"],
  ["Chatham Islands Standard Time", "Pacific/Chatham"],
  ["UTC+13", "Etc/GMT-13 Pacific/Enderbury Pacific/Fakaofo"],
  ["Tonga Standard Time", "Pacific/Tongatapu"],
  ["Samoa Standard Time", "Pacific/Apia"],
  ["Line Islands Standard Time", "Pacific/Kiritimati Etc/GMT-14"],
];

export const WINDOWS_ZONE_IDS: readonly string[] = WINDOWS_ZONES.map(([id]) => id);

const byIana = new Map(WINDOWS_ZONES.flatMap(([id, iana]) => iana.split(" ").map((z) => [z, id] as const)));

// CLDR writes many zones by their old names (Asia/Calcutta, Europe/Kiev). Current and other tz names
// for the same zone, each with the name CLDR uses: IANA tz database 2025b (Debian tzdata
// 2025b-0+deb12u2, /usr/share/zoneinfo/tzdata.zi), its link lines ("L TARGET NAME"); a name whose
// zone (the target and all its links) has a CLDR-listed member, kept only where every such member maps
// to one Windows id (all of them do). Generated once from that file, sorted by name.
export const TZ_ALIASES: readonly (readonly [tzName: string, cldrName: string])[] = [
  ["Africa/Timbuktu", "Africa/Abidjan"],
  ["America/Argentina/Buenos_Aires", "America/Buenos_Aires"],
  ["America/Argentina/Catamarca", "America/Catamarca"],
  ["America/Argentina/ComodRivadavia", "America/Catamarca"],
  ["America/Argentina/Cordoba", "America/Cordoba"],
  ["America/Argentina/Jujuy", "America/Jujuy"],
  ["America/Argentina/Mendoza", "America/Mendoza"],
  ["America/Atka", "America/Adak"],
  ["America/Ensenada", "America/Tijuana"],
  ["America/Fort_Wayne", "America/Indianapolis"],
  ["America/Indiana/Indianapolis", "America/Indianapolis"],
  ["America/Kentucky/Louisville", "America/Louisville"],
  ["America/Knox_IN", "America/Indiana/Knox"],
  ["America/Montreal", "America/Toronto"],
  ["America/Nipigon", "America/Toronto"],
  ["America/Nuuk", "America/Godthab"],
  ["America/Pangnirtung", "America/Iqaluit"],
  ["America/Porto_Acre", "America/Rio_Branco"],
  ["America/Rainy_River", "America/Winnipeg"],
  ["America/Rosario", "America/Cordoba"],
  ["America/Santa_Isabel", "America/Tijuana"],
  ["America/Shiprock", "America/Denver"],
  ["America/Thunder_Bay", "America/Toronto"],
  ["America/Virgin", "America/Puerto_Rico"],
  ["America/Yellowknife", "America/Edmonton"],
  ["Antarctica/South_Pole", "Pacific/Auckland"],
  ["Asia/Ashkhabad", "Asia/Ashgabat"],
  ["Asia/Chongqing", "Asia/Shanghai"],
  ["Asia/Chungking", "Asia/Shanghai"],
  ["Asia/Dacca", "Asia/Dhaka"],
  ["Asia/Harbin", "Asia/Shanghai"],
  ["Asia/Ho_Chi_Minh", "Asia/Saigon"],
  ["Asia/Istanbul", "Europe/Istanbul"],
  ["Asia/Kashgar", "Asia/Urumqi"],
  ["Asia/Kathmandu", "Asia/Katmandu"],
  ["Asia/Kolkata", "Asia/Calcutta"],
  ["Asia/Macao", "Asia/Macau"],
  ["Asia/Tel_Aviv", "Asia/Jerusalem"],
  ["Asia/Thimbu", "Asia/Thimphu"],
  ["Asia/Ujung_Pandang", "Asia/Makassar"],
  ["Asia/Ulan_Bator", "Asia/Ulaanbaatar"],
  ["Asia/Yangon", "Asia/Rangoon"],
  ["Atlantic/Faroe", "Atlantic/Faeroe"],
  ["Atlantic/Jan_Mayen", "Europe/Berlin"],
  ["Australia/ACT", "Australia/Sydney"],
  ["Australia/Canberra", "Australia/Sydney"],
  ["Australia/Currie", "Australia/Hobart"],
  ["Australia/LHI", "Australia/Lord_Howe"],
  ["Australia/NSW", "Australia/Sydney"],
  ["Australia/North", "Australia/Darwin"],
  ["Australia/Queensland", "Australia/Brisbane"],
  ["Australia/South", "Australia/Adelaide"],
  ["Australia/Tasmania", "Australia/Hobart"],
  ["Australia/Victoria", "Australia/Melbourne"],
  ["Australia/West", "Australia/Perth"],
  ["Australia/Yancowinna", "Australia/Broken_Hill"],
  ["Brazil/Acre", "America/Rio_Branco"],
  ["Brazil/DeNoronha", "America/Noronha"],
  ["Brazil/East", "America/Sao_Paulo"],
  ["Brazil/West", "America/Manaus"],
  ["Canada/Atlantic", "America/Halifax"],
  ["Canada/Central", "America/Winnipeg"],
  ["Canada/Eastern", "America/Toronto"],
  ["Canada/Mountain", "America/Edmonton"],
  ["Canada/Newfoundland", "America/St_Johns"],
  ["Canada/Pacific", "America/Vancouver"],
  ["Canada/Saskatchewan", "America/Regina"],
  ["Canada/Yukon", "America/Whitehorse"],
  ["Chile/Continental", "America/Santiago"],
  ["Chile/EasterIsland", "Pacific/Easter"],
  ["Cuba", "America/Havana"],
  ["Egypt", "Africa/Cairo"],
  ["Eire", "Europe/Dublin"],
  ["Etc/GMT+0", "Etc/GMT"],
  ["Etc/GMT-0", "Etc/GMT"],
  ["Etc/GMT0", "Etc/GMT"],
  ["Etc/Greenwich", "Etc/GMT"],
  ["Etc/UCT", "Etc/UTC"],
  ["Etc/Universal", "Etc/UTC"],
  ["Etc/Zulu", "Etc/UTC"],
  ["Europe/Belfast", "Europe/London"],
  ["Europe/Kyiv", "Europe/Kiev"],
  ["Europe/Nicosia", "Asia/Nicosia"],
  ["Europe/Tiraspol", "Europe/Chisinau"],
  ["Europe/Uzhgorod", "Europe/Kiev"],
  ["Europe/Zaporozhye", "Europe/Kiev"],
  ["GB", "Europe/London"],
  ["GB-Eire", "Europe/London"],
  ["GMT", "Etc/GMT"],
  ["GMT+0", "Etc/GMT"],
  ["GMT-0", "Etc/GMT"],
  ["GMT0", "Etc/GMT"],
  ["Greenwich", "Etc/GMT"],
  ["Hongkong", "Asia/Hong_Kong"],
  ["Iceland", "Africa/Abidjan"],
  ["Iran", "Asia/Tehran"],
  ["Israel", "Asia/Jerusalem"],
  ["Jamaica", "America/Jamaica"],
  ["Japan", "Asia/Tokyo"],
  ["Kwajalein", "Pacific/Kwajalein"],
  ["Libya", "Africa/Tripoli"],
  ["Mexico/BajaNorte", "America/Tijuana"],
  ["Mexico/BajaSur", "America/Mazatlan"],
  ["Mexico/General", "America/Mexico_City"],
  ["NZ", "Pacific/Auckland"],
  ["NZ-CHAT", "Pacific/Chatham"],
  ["Navajo", "America/Denver"],
  ["PRC", "Asia/Shanghai"],
  ["Pacific/Johnston", "Pacific/Honolulu"],
  ["Pacific/Kanton", "Pacific/Enderbury"],
  ["Pacific/Samoa", "Pacific/Pago_Pago"],
  ["Pacific/Yap", "Pacific/Port_Moresby"],
  ["Poland", "Europe/Warsaw"],
  ["Portugal", "Europe/Lisbon"],
  ["ROC", "Asia/Taipei"],
  ["ROK", "Asia/Seoul"],
  ["Singapore", "Asia/Singapore"],
  ["Turkey", "Europe/Istanbul"],
  ["UCT", "Etc/UTC"],
  ["US/Alaska", "America/Anchorage"],
  ["US/Aleutian", "America/Adak"],
  ["US/Arizona", "America/Phoenix"],
  ["US/Central", "America/Chicago"],
  ["US/East-Indiana", "America/Indianapolis"],
  ["US/Eastern", "America/New_York"],
  ["US/Hawaii", "Pacific/Honolulu"],
  ["US/Indiana-Starke", "America/Indiana/Knox"],
  ["US/Michigan", "America/Detroit"],
  ["US/Mountain", "America/Denver"],
  ["US/Pacific", "America/Los_Angeles"],
  ["US/Samoa", "Pacific/Pago_Pago"],
  ["UTC", "Etc/UTC"],
  ["Universal", "Etc/UTC"],
  ["W-SU", "Europe/Moscow"],
  ["Zulu", "Etc/UTC"],
];

const aliasOf = new Map(TZ_ALIASES);

/** The Windows id an IANA zone maps to (CLDR's spelling, or a tz database name for the same zone), or undefined. */
export const windowsZoneOfIana = (iana: string): string | undefined => {
  const name = iana.trim();
  return byIana.get(name) ?? byIana.get(aliasOf.get(name) ?? "");
};

/** The id exactly as Azure lists it, for an id written in another case ("tokyo standard time"), or undefined. */
export const windowsZoneIgnoringCase = (id: string): string | undefined =>
  WINDOWS_ZONE_IDS.find((w) => w.toLowerCase() === id.trim().toLowerCase());

/**
 * A fixed offset written "UTC+09", "UTC+9", "GMT+2", "UTC-05:00": { east } is its whole hours east of
 * UTC when it is -12..+14 whole hours, else { east: undefined } (UTC+05:30, UTC+15); undefined for a
 * string that is not such an offset. The sign is the one people write (UTC+09 is east, Tokyo);
 * POSIX's Etc/GMT names carry the inverted sign (Etc/GMT-9 is UTC+09).
 */
export function utcOffsetOf(zone: string): { east: number | undefined } | undefined {
  const m = /^\s*(?:UTC|GMT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\s*$/i.exec(zone);
  if (!m) return undefined;
  const east = (m[1] === "-" ? -1 : 1) * Number(m[2]);
  return { east: (m[3] === undefined || m[3] === "00") && east >= -12 && east <= 14 ? east : undefined };
}

/** "UTC+09:00", the offset written as ISO 8601 writes it. */
export const offsetText = (east: number): string => `UTC${east < 0 ? "-" : "+"}${String(Math.abs(east)).padStart(2, "0")}:00`;

/**
 * The Windows id for a fixed offset of `east` hours east of UTC: "UTC" for 0; the Windows id "UTC±NN"
 * when CLDR has one with exactly that sign and hours (UTC-11, UTC-09, UTC-08, UTC-02, UTC+12, UTC+13);
 * else the id CLDR maps Etc/GMT∓N to (UTC+09 -> Etc/GMT-9 -> "Tokyo Standard Time"), with that name.
 */
export function windowsZoneOfUtcOffset(east: number): { id: string; etc?: string } | undefined {
  if (east === 0) return { id: "UTC" };
  const id = `UTC${east < 0 ? "-" : "+"}${String(Math.abs(east)).padStart(2, "0")}`;
  if (WINDOWS_ZONE_IDS.includes(id)) return { id };
  const etc = `Etc/GMT${east < 0 ? "+" : "-"}${Math.abs(east)}`;
  const mapped = windowsZoneOfIana(etc);
  return mapped ? { id: mapped, etc } : undefined;
}
