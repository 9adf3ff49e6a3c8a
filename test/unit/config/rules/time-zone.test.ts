// autoShutdown.timeZone: the Windows time zone ids Azure's DevTest Labs schedules take (src/config/rules/bastion.ts,
// src/platform/windows-zones.ts from Unicode CLDR windowsZones.xml). Expected ids written from that file by hand.
import { describe, expect, it } from "vitest";
import { expectOnly, problemsOf } from "../../../support/problems.js";
import { nonEmpty } from "../../../support/non-empty.js";
import { WINDOWS_ZONES, WINDOWS_ZONE_IDS, windowsZoneOfIana } from "../../../../src/platform/windows-zones.js";

const zone = (timeZone: string) => (c: Record<string, unknown>) => (c.autoShutdown = { time: "1900", timeZone });
const KEY = "autoShutdown.timeZone";

describe("autoShutdown.timeZone", () => {
  it.each(
    nonEmpty([
      "UTC",
      "Tokyo Standard Time",
      "W. Europe Standard Time",
      "Pacific Standard Time (Mexico)",
      "UTC+12",
      "UTC-02",
      "Line Islands Standard Time",
    ]),
  )("%s is a Windows id: accepted", (z) => expect(problemsOf(zone(z))).toEqual([]));

  it.each(
    nonEmpty([
      ["Asia/Tokyo", "Tokyo Standard Time"],
      ["Europe/London", "GMT Standard Time"],
      ["America/New_York", "Eastern Standard Time"],
      ["Europe/Berlin", "W. Europe Standard Time"],
      ["Etc/UTC", "UTC"],
      ["Asia/Calcutta", "India Standard Time"],
      ["Pacific/Palau", "Tokyo Standard Time"],
      // Current tz database names CLDR spells the old way (tzdata 2025b links), by hand from the zones' countries:
      ["Asia/Kolkata", "India Standard Time"],
      ["Europe/Kyiv", "FLE Standard Time"],
      ["America/Nuuk", "Greenland Standard Time"],
      ["Asia/Ho_Chi_Minh", "SE Asia Standard Time"],
      ["Asia/Kathmandu", "Nepal Standard Time"],
      ["Asia/Yangon", "Myanmar Standard Time"],
      ["America/Argentina/Buenos_Aires", "Argentina Standard Time"],
      ["America/Indiana/Indianapolis", "US Eastern Standard Time"],
      ["Atlantic/Faroe", "GMT Standard Time"],
      ["US/Pacific", "Pacific Standard Time"],
      ["Etc/Universal", "UTC"],
    ]),
  )("the IANA name %s is refused, suggesting %s", (z, w) =>
    expectOnly(zone(z), KEY, `"${z}" is an IANA time zone; Azure's shutdown schedule takes a Windows time zone id: use "${w}"`),
  );

  it.each(
    nonEmpty([
      ["tokyo standard time", "Tokyo Standard Time"],
      ["Pacific Standard time", "Pacific Standard Time"],
      ["utc", "UTC"],
    ]),
  )("%s in another case is refused with the exact id %s", (z, w) =>
    expectOnly(zone(z), KEY, `"${z}" is not written as Azure writes the Windows time zone id: use "${w}"`),
  );

  it.each(
    nonEmpty([
      ["Tokyo Standrad Time", "Tokyo Standard Time"],
      ["Tokio Standard Time", "Tokyo Standard Time"],
      ["Korea Standard Tme", "Korea Standard Time"],
    ]),
  )("a misspelt id %s is refused, suggesting %s", (z, w) =>
    expectOnly(zone(z), KEY, `"${z}" is not a Windows time zone id Azure accepts; did you mean "${w}"?`),
  );

  // A signed offset is never given the nearest id by spelling: "UTC-09" is one edit from "UTC+09" and
  // 18 hours from it. Expected ids by hand from windowsZones.xml: the UTC±NN rows, and the Etc/GMT∓N
  // zone of each other offset (POSIX's sign is inverted: Etc/GMT-9 is UTC+09).
  const CLDR = "Unicode CLDR windowsZones.xml maps";
  it.each(
    nonEmpty([
      ["UTC+09", `for UTC+09:00 use "Tokyo Standard Time" (${CLDR} Etc/GMT-9, which is UTC+09:00, to it)`],
      ["UTC+9", `for UTC+09:00 use "Tokyo Standard Time" (${CLDR} Etc/GMT-9, which is UTC+09:00, to it)`],
      ["GMT+9", `for UTC+09:00 use "Tokyo Standard Time" (${CLDR} Etc/GMT-9, which is UTC+09:00, to it)`],
      ["UTC+09:00", `for UTC+09:00 use "Tokyo Standard Time" (${CLDR} Etc/GMT-9, which is UTC+09:00, to it)`],
      ["UTC+01", `for UTC+01:00 use "W. Central Africa Standard Time" (${CLDR} Etc/GMT-1, which is UTC+01:00, to it)`],
      ["GMT+2", `for UTC+02:00 use "South Africa Standard Time" (${CLDR} Etc/GMT-2, which is UTC+02:00, to it)`],
      ["UTC-05", `for UTC-05:00 use "SA Pacific Standard Time" (${CLDR} Etc/GMT+5, which is UTC-05:00, to it)`],
      ["UTC+14", `for UTC+14:00 use "Line Islands Standard Time" (${CLDR} Etc/GMT-14, which is UTC+14:00, to it)`],
      ["UTC-12", `for UTC-12:00 use "Dateline Standard Time" (${CLDR} Etc/GMT+12, which is UTC-12:00, to it)`],
      ["UTC-9", `for UTC-09:00 use "UTC-09"`],
      ["GMT-2", `for UTC-02:00 use "UTC-02"`],
      ["UTC+12:00", `for UTC+12:00 use "UTC+12"`],
      ["UTC+13:00", `for UTC+13:00 use "UTC+13"`],
      ["UTC+0", `for UTC+00:00 use "UTC"`],
      ["GMT-00:00", `for UTC+00:00 use "UTC"`],
    ]),
  )("the offset %s is refused with the id of that offset, sign kept", (z, tail) =>
    expectOnly(zone(z), KEY, `"${z}" is a UTC offset, not a Windows time zone id: ${tail}`),
  );

  it.each(nonEmpty(["UTC+05:30", "UTC+15", "GMT-13", "UTC+09:45"]))("the offset %s, which no Windows id is fixed to, gets no guess", (z) =>
    expectOnly(
      zone(z),
      KEY,
      `"${z}" is a UTC offset no Windows time zone id is fixed to: use the Windows id of the place (e.g. "India Standard Time"; the ids: Unicode CLDR windowsZones.xml)`,
    ),
  );

  it.each(nonEmpty(["JST", "Mars/Olympus_Mons"]))("%s, near nothing, is refused with examples", (z) =>
    expectOnly(
      zone(z),
      KEY,
      `"${z}" is not a Windows time zone id Azure accepts (e.g. "UTC" or "Tokyo Standard Time"; the ids: Unicode CLDR windowsZones.xml)`,
    ),
  );
});

describe("the CLDR table", () => {
  it("139 Windows ids, one row each, each IANA zone mapped once", () => {
    expect(WINDOWS_ZONE_IDS).toHaveLength(139);
    expect(new Set(WINDOWS_ZONE_IDS).size).toBe(WINDOWS_ZONE_IDS.length);
    const iana = WINDOWS_ZONES.flatMap(([, z]) => z.split(" "));
    expect(new Set(iana).size).toBe(iana.length);
    expect(iana.every((z) => z.length > 0)).toBe(true);
  });
  it("rows by hand from windowsZones.xml: first, last, and the 001 zone first", () => {
    expect(WINDOWS_ZONES[0]).toEqual(["Dateline Standard Time", "Etc/GMT+12"]);
    expect(WINDOWS_ZONES.at(-1)).toEqual(["Line Islands Standard Time", "Pacific/Kiritimati Etc/GMT-14"]);
    expect(WINDOWS_ZONES.find(([id]) => id === "Tokyo Standard Time")?.[1].split(" ")[0]).toBe("Asia/Tokyo");
    expect(windowsZoneOfIana("America/Ciudad_Juarez")).toBe("Mountain Standard Time");
    // CLDR writes Asia/Calcutta; the tz database's current name reaches it through TZ_ALIASES.
    expect(WINDOWS_ZONES.flatMap(([, z]) => z.split(" "))).not.toContain("Asia/Kolkata");
    expect(windowsZoneOfIana("Asia/Kolkata")).toBe("India Standard Time");
  });
});
