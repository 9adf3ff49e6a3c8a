// Address spaces (src/config/rules/address-spaces.ts). Ranges Azure refuses, from the VNet FAQ
// (https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq, "Are there any restrictions
// on using IP addresses within these subnets?"): 224.0.0.0/4, 255.255.255.255/32, 127.0.0.0/8,
// 169.254.0.0/16, 168.63.129.16/32 (that one, a platform address, is judged with every prefix key:
// platform-addresses.test.ts).
import { describe, expect, it } from "vitest";
import { problemsOf } from "../../../support/problems.js";
import { nonEmpty } from "../../../support/non-empty.js";

const space = (...s: string[]) => problemsOf((c) => c.spokes[0].addressSpace.push(...s));

describe("address spaces Azure refuses", () => {
  it.each(
    nonEmpty([
      ["224.0.0.0/8", "224.0.0.0/4"],
      ["239.255.255.0/24", "224.0.0.0/4"],
      ["255.255.255.255/32", "255.255.255.255/32"],
      ["127.1.0.0/16", "127.0.0.0/8"],
      ["169.254.10.0/24", "169.254.0.0/16"],
    ]),
  )("%s overlaps %s", (p, f) =>
    expect(space(p)).toEqual([
      { key: "spokes[0].addressSpace[1]", message: `${p} overlaps ${f}, which Azure does not allow as VNet address space` },
    ]),
  );

  it.each(nonEmpty(["223.255.0.0/16", "240.0.0.0/8", "128.0.0.0/8", "168.63.129.0/28", "169.253.0.0/16"]))("%s next to them is fine", (p) =>
    expect(space(p)).toEqual([]),
  );
});

describe("overlaps across the lab", () => {
  it("names the first space it overlaps, and each one it overlaps", () => {
    expect(space("10.0.5.0/24")).toEqual([
      {
        key: "spokes[0].addressSpace[1]",
        message: "10.0.5.0/24 overlaps 10.0.0.0/16 (hub.addressSpace[0]); address spaces must be disjoint",
      },
    ]);
    expect(space("10.0.0.0/8")).toEqual([
      {
        key: "spokes[0].addressSpace[1]",
        message: "10.0.0.0/8 overlaps 10.0.0.0/16 (hub.addressSpace[0]); address spaces must be disjoint",
      },
      {
        key: "spokes[0].addressSpace[1]",
        message: "10.0.0.0/8 overlaps 10.10.0.0/16 (spokes[0].addressSpace[0]); address spaces must be disjoint",
      },
      {
        key: "sites[0].addressSpace[0]",
        message: "10.100.0.0/16 overlaps 10.0.0.0/8 (spokes[0].addressSpace[1]); address spaces must be disjoint",
      },
    ]);
  });

  it("a space that does not parse is named and not compared", () => {
    const p = space("10.0.0.0/33");
    expect(p).toHaveLength(1);
    expect(p[0]!.key).toBe("spokes[0].addressSpace[1]");
    expect(space("nope")).toEqual([{ key: "spokes[0].addressSpace[1]", message: expect.stringContaining('"nope"') }]);
  });
});
