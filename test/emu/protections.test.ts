// Each VXLAN protection on its own, each with the attack working without it. A protection is taken
// away only in the test: the router is rebuilt (src/emu/faults.ts) from its rendered cloud-init with
// one line stripped from one rendered file, so the product has no switch per protection.
import { afterAll, describe, expect, it } from "vitest";
import { PATHS } from "../../src/render/router-files.js";
import type { Plan } from "../../src/emu/commands/cloud-init.js";
import { run } from "../../src/emu/exec.js";
import { inNs } from "../../src/emu/commands/argv.js";
import { loadStack, type Loaded } from "../../src/emu/stack.js";
import { ATTACKER, ATTACKER_MAC, attack, editFile, fdb, inject, node, scratch, stripLines } from "./attack.js";
import { leftovers, skipReason, upForSuite } from "./helpers.js";
import { routerWith, attackerLab, withIpForwarding } from "./variants.js";
import { variantStack, withLab } from "../../src/emu/variants.js";

const work = scratch();
afterAll(work.cleanup);

const GUARD_LINES = /udp dport \d+ .*counter drop/; // both guard rules (IPv4 peer check, IPv6)
const noGuard = (p: Plan) => editFile(p, PATHS.firewall, (c) => stripLines(c, GUARD_LINES));
const learning = (p: Plan) => editFile(p, PATHS.postUp, (c) => c.replace(/ nolearning$/gm, ""));

const hubWith = (l: Loaded, variant: (p: Plan) => Plan) => routerWith(l, "vm-hub00", variant);

async function vxlanLearning(l: Loaded): Promise<boolean> {
  const r = await run(["ip", "-n", node(l, "vm-hub00").ns, "-d", "-j", "link", "show", "vxlan0"]);
  return (JSON.parse(r.stdout) as { linkinfo: { info_data: { learning: boolean } } }[])[0]!.linkinfo.info_data.learning;
}

/** Packets the hub router's guard (udp dport 4789 from anyone but the peer) dropped, or undefined without the rule. */
async function guardDrops(l: Loaded): Promise<number | undefined> {
  const r = await run(inNs(node(l, "vm-hub00").ns, ["nft", "list", "chain", "inet", "hub_spoke_vxlan", "input"]));
  const m = /udp dport 4789 ip saddr != \S+ counter packets (\d+)/.exec(r.stdout);
  return m ? Number(m[1]) : undefined;
}

describe.skipIf(skipReason)("guard and nolearning, each on its own (a plain VM on the hub subnet attacks)", () => {
  const l = skipReason ? undefined! : loadStack(variantStack("prot-each", attackerLab));
  upForSuite(l);

  it("both off (guard stripped, nolearning stripped): injection delivered, FDB learns the attacker, neighbour hijacked, traffic intercepted", async () => {
    await hubWith(l, (p) => learning(noGuard(p)));
    expect(await vxlanLearning(l)).toBe(true);
    expect(await guardDrops(l)).toBeUndefined();
    const o = await attack(l, work.dir);
    expect(o.injectedDelivered).toBe(true);
    expect(o.fdbLearned).toBe(node(l, ATTACKER).vm.address);
    expect(o.neighbourAfter).toBe(ATTACKER_MAC);
    expect(o.attackerSawTunnelTraffic).toBe(true);
  });

  it("(a) the nft guard alone (nolearning stripped): nothing gets in, no FDB entry, neighbour untouched, tunnel works", async () => {
    await hubWith(l, learning);
    expect(await vxlanLearning(l)).toBe(true); // the device does learn: only the guard protects it
    const o = await attack(l, work.dir);
    expect(o.injectedDelivered).toBe(false);
    expect(o.fdbLearned).toBeUndefined();
    expect(o.neighbourBefore).toMatch(/^[0-9a-f:]{17}$/);
    expect(o.neighbourAfter).toBe(o.neighbourBefore);
    expect(o.attackerSawTunnelTraffic).toBe(false);
    expect(o.tunnelWorkedDuringClaim).toBe(true);
    expect(o.verifyOk).toBe(true);
    expect(await guardDrops(l)).toBeGreaterThan(0);
  });

  it("(b) nolearning alone (guard stripped): injection still delivered and the neighbour still hijacked, but no FDB entry, so nothing is intercepted: the claim only blackholes the tunnel", async () => {
    await hubWith(l, noGuard);
    expect(await vxlanLearning(l)).toBe(false);
    expect(await guardDrops(l)).toBeUndefined();
    const o = await attack(l, work.dir);
    expect(o.injectedDelivered).toBe(true); // decapsulation needs no FDB entry
    expect(o.neighbourAfter).toBe(ATTACKER_MAC); // ARP is the IP stack's, not the FDB's
    expect(o.fdbLearned).toBeUndefined();
    // Frames for ATTACKER_MAC have no FDB entry: they go to the default remote, the real site
    // router, whose vxlan0 drops a frame for a MAC not its own.
    expect(o.attackerSawTunnelTraffic).toBe(false);
    expect(o.tunnelWorkedDuringClaim).toBe(false);
    expect(Object.entries(await fdb(l))).toEqual([["00:00:00:00:00:00", "10.100.0.4"]]);
  });

  it("control: a plain VM cannot claim the peer's outer source: the fabric drops it (no IP forwarding), so the guard's peer check holds", async () => {
    await hubWith(l, (p) => p); // the rendered document: both protections
    const fabric = async () => {
      const r = await run(inNs(l.topo.fabricNs, ["nft", "list", "chain", "inet", "hsv_fabric", "forward"]));
      const line = r.stdout.split("\n").find((x) => x.includes(`${ATTACKER}: no IP forwarding, cannot send for others`));
      return Number(/counter packets (\d+)/.exec(line ?? "")?.[1]);
    };
    const before = await fabric();
    expect(await inject(l, work.dir, "10.100.0.4")).toBe(false);
    expect(await fabric()).toBeGreaterThanOrEqual(before + 3);
  });
});

describe.skipIf(skipReason)("(e) what the guard does not stop: an attacker NIC with IP forwarding spoofs the peer's outer source", () => {
  it("own source: dropped by the guard; the site router's outer source: delivered to the spoke host, the guard's counter unmoved", async () => {
    const o = await withLab(
      variantStack("prot-spoof", attackerLab),
      async (l) => {
        expect(l.topo.nodes.find((n) => n.vm.name === ATTACKER)!.vm.ipForwarding).toBe(true);
        const own = await inject(l, work.dir);
        const afterOwn = await guardDrops(l);
        const spoofed = await inject(l, work.dir, node(l, "vm-hub100").vm.address);
        return { own, afterOwn, spoofed, afterSpoofed: await guardDrops(l), learning: await vxlanLearning(l) };
      },
      (l) => withIpForwarding(l, ATTACKER),
    );
    expect(o.learning).toBe(false); // every protection of the product is on
    expect(o.own).toBe(false);
    expect(o.afterOwn).toBeGreaterThanOrEqual(3);
    expect(o.spoofed).toBe(true);
    expect(o.afterSpoofed).toBe(o.afterOwn);
    expect(leftovers("prot-spoof")).toEqual([]);
  });
});
