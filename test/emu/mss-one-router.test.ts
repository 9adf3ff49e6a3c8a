// (d) MSS clamping on one router only, ICMP "fragmentation needed" dropped in the fabric. The data of
// a TCP connection is sized by the MSS in the receiver's SYN(-ACK); each router clamps SYNs leaving
// into its tunnel (oifname) and entering from it (iifname), so one router covers both directions on
// its own, and each direction needs one rule on its path. Routers are rebuilt from their rendered
// cloud-init with clamp lines stripped from tunnel.nft (test-only variants of the rendered file).
import { describe, expect, it } from "vitest";
import { PATHS, NFT_TABLE } from "../../src/render/router-files.js";
import type { Plan } from "../../src/emu/commands/cloud-init.js";
import { run } from "../../src/emu/exec.js";
import { inNs } from "../../src/emu/commands/argv.js";
import { routerNode } from "../../src/emu/faults.js";
import { loadStack, type Loaded } from "../../src/emu/stack.js";
import { editFile, stripLines } from "./attack.js";
import { both, SIZE } from "./bulk.js";
import { skipReason, upForSuite } from "./helpers.js";
import { routerWith } from "./variants.js";
import { variantStack } from "../../src/emu/variants.js";

const strip = (re: RegExp) => (p: Plan) => editFile(p, PATHS.firewall, (c) => stripLines(c, re));
const rendered = (p: Plan) => p;
const noClamp = strip(/maxseg size set/);
const leavingOnly = strip(/iifname .*maxseg size set/);
const enteringOnly = strip(/oifname .*maxseg size set/);

interface Clamps {
  leaving: boolean; // oifname "vxlan0": SYNs going into the tunnel
  entering: boolean; // iifname "vxlan0": SYNs coming out of it
}

async function clampsOf(l: Loaded, vm: string): Promise<Clamps> {
  const chain = (await run(inNs(routerNode(l, vm).ns, ["nft", "list", "chain", "inet", NFT_TABLE, "forward"]))).stdout;
  return { leaving: /oifname "vxlan0" .*maxseg size set/.test(chain), entering: /iifname "vxlan0" .*maxseg size set/.test(chain) };
}

/**
 * What the rules let through: X -> Y moves data sized by Y's SYN-ACK, which leaves into the tunnel
 * at Y's router and comes out at X's. Returns [site host -> spoke host, spoke host -> site host].
 */
function predicted(hub: Clamps, site: Clamps): [boolean, boolean] {
  return [hub.leaving || site.entering, site.leaving || hub.entering];
}

async function fragNeededDrops(l: Loaded): Promise<number> {
  const chain = (await run(inNs(l.topo.fabricNs, ["nft", "list", "chain", "inet", "hsv_fabric", "forward"]))).stdout;
  return Number(/frag-needed counter packets (\d+)/.exec(chain)?.[1]);
}

const CASES: readonly { what: string; hub: (p: Plan) => Plan; site: (p: Plan) => Plan; works: [boolean, boolean] }[] = [
  { what: "hub router clamps, site router's clamp removed", hub: rendered, site: noClamp, works: [true, true] },
  { what: "site router clamps, hub router's clamp removed", hub: noClamp, site: rendered, works: [true, true] },
  { what: "hub router clamps only SYNs leaving into the tunnel, site router none", hub: leavingOnly, site: noClamp, works: [true, false] },
  {
    what: "hub router clamps only SYNs coming out of the tunnel, site router none",
    hub: enteringOnly,
    site: noClamp,
    works: [false, true],
  },
];

describe.skipIf(skipReason)("(d) MSS clamping on one router only, frag-needed dropped (features.mssClamp)", () => {
  const l = skipReason ? undefined! : loadStack(variantStack("prot-mss", (lab) => (lab.emulation = { dropFragNeeded: true })));
  upForSuite(l);

  it("has cases", () => expect(CASES.length).toBeGreaterThan(0));

  for (const c of CASES) {
    it(`${c.what}: bulk TCP site->spoke ${c.works[0] ? "works" : "stalls"}, spoke->site ${c.works[1] ? "works" : "stalls"}`, async () => {
      await routerWith(l, "vm-hub00", c.hub);
      await routerWith(l, "vm-hub100", c.site);
      const hub = await clampsOf(l, "vm-hub00");
      const site = await clampsOf(l, "vm-hub100");
      expect(predicted(hub, site)).toEqual(c.works); // the table agrees with the rules as loaded
      const drops0 = await fragNeededDrops(l);
      const [up1, down1] = await both(l);
      expect([up1 === SIZE, down1 === SIZE]).toEqual(c.works);
      for (const got of [up1, down1]) if (got !== SIZE) expect(got).toBeLessThan(SIZE / 10); // a stall, not a slow transfer
      // A stalled direction is the black hole: the router's frag-needed, dropped by the fabric.
      const drops = (await fragNeededDrops(l)) - drops0;
      if (c.works.includes(false)) expect(drops).toBeGreaterThan(0);
      else expect(drops).toBe(0);
    });
  }
});
