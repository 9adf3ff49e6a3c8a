// verify's routing section, as printed under the grid (and the wide table): written by hand for the
// dev lab with routing: bgp, healthy and with the site's bgpd stopped. A static lab prints none.
import { describe, expect, it } from "vitest";
import { renderRouting } from "../../../src/cli/routing.js";
import { renderGrid } from "../../../src/cli/matrix.js";
import { bgpExpectations, healthyObservation, judgeRouter } from "../../../src/probe/bgp.js";
import { bgp, editedLab } from "../../support/config-edit.js";

const [hub, site] = bgpExpectations(editedLab("dev", bgp));

describe("verify's routing section", () => {
  it("healthy: a table per router, then the count", () => {
    expect(renderRouting([judgeRouter(hub!, healthyObservation(hub!)), judgeRouter(site!, healthyObservation(site!))])).toEqual([
      "",
      "routing (BGP): each session's state and the prefixes learned over it, against the model",
      "vm-hub00 (AS 65000)",
      "  Neighbour    Remote                          State        Learned        Expected       Result",
      "  169.254.0.2  vm-hub100 AS 65001 over vxlan0  Established  10.100.0.0/16  10.100.0.0/16  as expected",
      "vm-hub100 (AS 65001)",
      "  Neighbour    Remote                         State        Learned       Expected      Result",
      "  169.254.0.1  vm-hub00 AS 65000 over vxlan0  Established  10.10.0.0/16  10.10.0.0/16  as expected",
      "2/2 BGP sessions as expected",
    ]);
  });
  it("the site's bgpd stopped: the states as bgpd names them, then each difference", () => {
    const down = judgeRouter(hub!, { asn: 65000, peers: [{ address: "169.254.0.2", state: "Active", remoteAs: 65001, learned: [] }] });
    const none = judgeRouter(site!, { peers: [], error: "vtysh exited 1: bgpd is not running" });
    expect(renderRouting([down, none]).slice(2)).toEqual([
      "vm-hub00 (AS 65000)",
      "  Neighbour    Remote                          State   Learned  Expected       Result",
      "  169.254.0.2  vm-hub100 AS 65001 over vxlan0  Active  (none)   10.100.0.0/16  DIFFERS",
      "vm-hub100 (AS 65001): no BGP report: vtysh exited 1: bgpd is not running",
      "  Neighbour    Remote                         State    Learned  Expected      Result",
      "  169.254.0.1  vm-hub00 AS 65000 over vxlan0  unknown  (none)   10.10.0.0/16  DIFFERS",
      "0/2 BGP sessions as expected",
      "",
      "3 routing difference(s):",
      "  - vm-hub00: session to 169.254.0.2 (vm-hub100, vxlan0) is Active, expected Established",
      "  - vm-hub00: missing 10.100.0.0/16 from vm-hub100 (169.254.0.2, vxlan0)",
      "  - vm-hub100: no BGP report: vtysh exited 1: bgpd is not running",
    ]);
  });
  it("static routing (no routing result): nothing, and the grid ends as before", () => {
    expect(renderRouting(undefined)).toEqual([]);
    expect(renderGrid({ stack: "s", pairs: [], ok: true, ms: 1 }).split("\n").pop()).toBe("0/0 pairs as expected in 1 ms");
  });
});
