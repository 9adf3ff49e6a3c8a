// VXLAN ingress: a plain VM on the hub subnet sends crafted VXLAN to the hub router. Without the
// guard the injection reaches the spoke host and the ARP claim hijacks the tunnel (the attack
// works); with it, nothing gets through, the neighbour table is untouched, the tunnel still works.
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/emu/exec.js";
import { inNs } from "../../src/emu/commands/argv.js";
import { ATTACKER_MAC, attack as attackWith, node, scratch } from "./attack.js";
import type { Loaded } from "../../src/emu/stack.js";
import { leftovers, skipReason } from "./helpers.js";
import { attackerLab } from "./variants.js";
import { variantStack, withLab } from "../../src/emu/variants.js";

const work = scratch();
afterAll(work.cleanup);
const attack = (l: Loaded) => attackWith(l, work.dir);

describe.skipIf(skipReason)("VXLAN ingress guard (features.vxlanGuard)", () => {
  it("without the guard the attack works: injection delivered, tunnel neighbour hijacked, traffic intercepted", async () => {
    const o = await withLab(
      variantStack("guard-off", (lab) => (attackerLab(lab), (lab.features = { vxlanGuard: false }))),
      attack,
    );
    expect(o.injectedDelivered).toBe(true);
    expect(o.neighbourBefore).toMatch(/^[0-9a-f:]{17}$/);
    expect(o.neighbourAfter).toBe(ATTACKER_MAC);
    expect(o.fdbLearned).toBe("10.0.0.5"); // learning: the attacker's inner MAC, at its outer source
    expect(o.attackerSawTunnelTraffic).toBe(true);
    // (The hijack heals by itself once the kernel re-probes the neighbour; verify is not asserted here.)
    expect(leftovers("guard-off")).toEqual([]);
  });

  it("with the guard (default) nothing gets in, the neighbour table is untouched, the tunnel keeps working", async () => {
    const [o, dropped] = await withLab(variantStack("guard-on", attackerLab), async (l) => {
      expect(l.lab.features.vxlanGuard).toBe(true);
      const outcome = await attack(l);
      // The guard's counter shows it did the dropping.
      const nft = await run(inNs(node(l, "vm-hub00").ns, ["nft", "list", "chain", "inet", "hub_spoke_vxlan", "input"]));
      return [outcome, nft.stdout] as const;
    });
    expect(o.injectedDelivered).toBe(false);
    expect(o.neighbourBefore).toMatch(/^[0-9a-f:]{17}$/);
    expect(o.neighbourAfter).toBe(o.neighbourBefore);
    expect(o.fdbLearned).toBeUndefined();
    expect(o.attackerSawTunnelTraffic).toBe(false);
    expect(o.verifyOk).toBe(true);
    expect(dropped).toMatch(/udp dport 4789 ip saddr != 10\.100\.0\.4 counter packets [1-9]/);
    expect(leftovers("guard-on")).toEqual([]);
  });
});
