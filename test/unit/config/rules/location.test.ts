// lab.location against Azure's regions (src/config/rules/location.ts, src/platform/regions.ts: Learn
// "Azure regions list", https://learn.microsoft.com/azure/reliability/regions-list). Expected names
// written from that page by hand.
import { describe, expect, it } from "vitest";
import { expectOnly, problemsOf } from "../../../support/problems.js";
import { nonEmpty } from "../../../support/non-empty.js";
import { AZURE_REGIONS, findRegion } from "../../../../src/platform/regions.js";

const at = (location: string) => problemsOf((c) => (c.location = location));
const LIST = "(the list: https://learn.microsoft.com/azure/reliability/regions-list)";

describe("lab.location", () => {
  it.each(
    nonEmpty(["japaneast", "Japan East", "JAPAN EAST", "japan east", "westus3", "West US 3", "swedencentral", "Australia Central 2"]),
  )("%s is a region", (l) => expect(at(l)).toEqual([]));

  it.each(
    nonEmpty([
      ["japanest", "japaneast (Japan East)"],
      ["Japan Est", "japaneast (Japan East)"],
      ["westeurop", "westeurope (West Europe)"],
      ["west-europe", "westeurope (West Europe)"],
      ["eastus4", "eastus (East US)"],
      ["uk south 2", "uksouth (UK South)"],
    ]),
  )("%s is refused, suggesting %s", (l, near) =>
    expectOnly((c) => (c.location = l), "location", `"${l}" is not an Azure region; did you mean ${near}? ${LIST}`),
  );

  it.each(nonEmpty(["mars", "tokyo", "Asia/Tokyo", "denmarkeast"]))("%s is refused with no guess", (l) =>
    expectOnly((c) => (c.location = l), "location", `"${l}" is not an Azure region ${LIST}`),
  );

  it("reported with the lab's other problems", () => {
    const ps = problemsOf((c) => ((c.location = "japanest"), (c.vxlan = { port: 0 })));
    expect(ps.map((p) => p.key)).toEqual(["location", "vxlan.port"]);
  });
});

describe("the region list (Learn's 'All' table, ms.date 09/23/2025)", () => {
  it("56 regions, programmatic names unique, each the display name in lower case without spaces", () => {
    expect(AZURE_REGIONS).toHaveLength(56);
    expect(new Set(AZURE_REGIONS.map(([, n]) => n)).size).toBe(56);
    for (const [display, name] of AZURE_REGIONS) expect(display.toLowerCase().replace(/ /g, "")).toBe(name);
  });
  it("some rows by hand: first, last, a restricted one, the paired-only Sweden South; not the coming-soon Denmark East", () => {
    expect(AZURE_REGIONS[0]).toEqual(["Australia Central", "australiacentral"]);
    expect(AZURE_REGIONS.at(-1)).toEqual(["West US 3", "westus3"]);
    expect(findRegion("germanynorth")).toEqual({ display: "Germany North", name: "germanynorth" });
    expect(findRegion("Sweden South")).toEqual({ display: "Sweden South", name: "swedensouth" });
    expect(findRegion("denmarkeast")).toBeUndefined();
  });
});
