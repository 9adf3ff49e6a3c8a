// Router static routes, worked out by hand from the seed lab (Pulumi.dev.yaml): vm-hub00 (10.0.0.4 in 10.0.0.0/24)
// and vm-hub100 (10.100.0.4) run VXLAN VNI 77 as vxlan0, 169.254.0.1 <-> 169.254.0.2.
import { describe, expect, it } from "vitest";
import { buildLab } from "../../../src/model/build.js";
import { rawLab } from "../../support/config-edit.js";

describe("buildRouters: static routes", () => {
  it("the hub routes each site prefix into the tunnel, and keeps the site router's own address off it", () => {
    const c = rawLab();
    c.sites[0].addressSpace = ["10.100.0.0/16", "10.200.0.0/16"];
    const lab = buildLab(c);
    expect(lab.routers.map((r) => [r.vm.name, r.routes])).toEqual([
      [
        "vm-hub00",
        [
          { prefix: "10.100.0.0/16", nextHop: "169.254.0.2", why: "10.100.0.0/16 through vxlan0 (VNI 77)", proto: "static" },
          { prefix: "10.200.0.0/16", nextHop: "169.254.0.2", why: "10.200.0.0/16 through vxlan0 (VNI 77)", proto: "static" },
          // 10.100.0.4 lies in 10.100.0.0/16 (one of the two): reach it over eth0 via the subnet gateway 10.0.0.1
          {
            prefix: "10.100.0.4/32",
            nextHop: "10.0.0.1",
            dev: "eth0",
            why: "tunnel peer vm-hub100 over the underlay, not through vxlan0",
            proto: "static",
          },
        ],
      ],
      // the site end routes the spoke's space; the hub router 10.0.0.4 is not in 10.10.0.0/16, so no underlay route
      ["vm-hub100", [{ prefix: "10.10.0.0/16", nextHop: "169.254.0.1", why: "10.10.0.0/16 through vxlan0 (VNI 77)", proto: "static" }]],
    ]);
  });
});
