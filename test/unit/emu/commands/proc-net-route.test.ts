// /proc/<pid>/net/route read by hand: TABLE is what this host's kernel printed for the dev lab's
// hub router (cat /proc/<its zebra's pid>/net/route, trailing blanks cut), and `ip route` there
// said: default via 10.0.0.1, 10.0.0.0/24, 10.100.0.0/16 via 169.254.0.2, 10.100.0.4 via
// 10.0.0.1, 169.254.0.0/24.
import { describe, expect, it } from "vitest";
import { procNetRoutePrefixes } from "../../../../src/emu/commands/proc-net-route.js";

const TABLE = [
  "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
  "eth0\t00000000\t0100000A\t0003\t0\t0\t0\t00000000\t0\t0\t0",
  "eth0\t0000000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
  "vxlan0\t0000640A\t0200FEA9\t0003\t0\t0\t20\t0000FFFF\t0\t0\t0",
  "eth0\t0400640A\t0100000A\t0007\t0\t0\t20\tFFFFFFFF\t0\t0\t0",
  "vxlan0\t0000FEA9\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
  "",
].join("\n");

describe("procNetRoutePrefixes", () => {
  it("decodes each row's destination and mask as `ip route` showed them, on a little-endian host", () => {
    expect(procNetRoutePrefixes(TABLE, "LE")).toEqual(["0.0.0.0/0", "10.0.0.0/24", "10.100.0.0/16", "10.100.0.4/32", "169.254.0.0/24"]);
  });
  it("reads the bytes in the order printed on a big-endian host", () => {
    expect(procNetRoutePrefixes(TABLE, "BE")[2]).toBe("0.0.100.10/16");
  });
  it("an empty table has no routes; a file of another shape is an error", () => {
    expect(procNetRoutePrefixes(TABLE.split("\n")[0]!, "LE")).toEqual([]);
    expect(() => procNetRoutePrefixes("Iface Gateway\n", "LE")).toThrow("not a /proc/net/route table");
  });
});
