// The NSGs enforced by the emulated fabric: the dev lab with its real NSGs verifies as the model says;
// one mutated rule (changed on the built lab model only, never in the source) and the pairs it
// breaks differ, named here; with emulation.enforceNsgs off the same mutation changes nothing.
import { withUp } from "../../src/emu/variants.js";
import { describe, expect, it } from "vitest";
import { run, spawnDetached } from "../../src/emu/exec.js";
import { inNs } from "../../src/emu/commands/argv.js";
import { stopPids } from "../../src/emu/processes.js";
import { loadStack, type Loaded } from "../../src/emu/stack.js";
import { verify, type VerifyResult } from "../../src/emu/verify.js";
import type { NsgModel, NsgRule } from "../../src/model/types.js";
import { FLOW_RECORDS_MAX, NSG_TABLE, nsgNft } from "../../src/emu/commands/fabric-nsg.js";
import { leftovers, skipReason } from "./helpers.js";
import { listening } from "../../src/emu/traffic.js";
import { renderGrid } from "../../src/cli/matrix.js";
import { variantStack } from "../../src/emu/variants.js";

type Mutation = (rule: NsgRule, nsg: NsgModel) => NsgRule | undefined;

/** The test-only hook: the built lab with every NSG rule passed through `m` (undefined deletes it). */
const mutated = (l: Loaded, m: Mutation): Loaded => ({
  ...l,
  lab: { ...l.lab, nsgs: l.lab.nsgs.map((n) => ({ ...n, inbound: n.inbound.flatMap((r) => m(r, n) ?? []) })) },
});

/**
 * Up with the real NSGs (up's first-packet check needs a working tunnel), then, as an NSG update on a
 * running lab, the fabric's NSG table replaced in one nft transaction by the mutated lab's.
 */
function withLoaded<T>(l: Loaded, fn: (l: Loaded) => Promise<T>, m?: Mutation): Promise<T> {
  return withUp(l, async () => {
    if (!m) return fn(l);
    const bad = mutated(l, m);
    await run(inNs(l.topo.fabricNs, ["nft", "-f", "-"]), { input: `delete table inet ${NSG_TABLE}\n${nsgNft(bad.lab, bad.topo)}` });
    return fn(bad);
  });
}

const differing = (r: VerifyResult) =>
  r.pairs
    .filter((p) => !p.asExpected)
    .map((p) => `${p.from} -> ${p.to}`)
    .sort();

/** Exactly these pairs differ, each observed as `observed` (ping and tcp). */
function differsAs(r: VerifyResult, pairs: readonly string[], observed: { ping: boolean; tcp: boolean }): void {
  expect(differing(r)).toEqual(pairs);
  for (const p of r.pairs.filter((x) => !x.asExpected)) expect(p.observed, `${p.from} -> ${p.to}`).toMatchObject(observed);
}

const node = (l: Loaded, vm: string) => l.topo.nodes.find((n) => n.vm.name === vm)!;

/** TCP connects from -> to on a port no allow-lab rule opens (a listener started and stopped by PID). */
async function tcpOn(l: Loaded, port: number, pairs: readonly [string, string][]): Promise<Record<string, boolean>> {
  const targets = [...new Set(pairs.map(([, to]) => to))];
  const pids = targets.map((vm) => spawnDetached(inNs(node(l, vm).ns, ["socat", `TCP4-LISTEN:${port},reuseaddr,fork`, "/dev/null"]))!);
  try {
    for (const vm of targets) await listening(node(l, vm).ns, "tcp", port);
    const out: Record<string, boolean> = {};
    for (const [from, to] of pairs) {
      const r = await run(inNs(node(l, from).ns, ["nc", "-z", "-n", "-w", "1", node(l, to).vm.address, String(port)]), {
        check: false,
        timeoutMs: 5000,
      });
      out[`${from} -> ${to}`] = r.code === 0;
    }
    return out;
  } finally {
    await stopPids(pids, 500);
  }
}

const OTHER_PORT = 8080;
const OTHER_PAIRS: [string, string][] = [
  ["vm-spoke10", "vm-hub101"],
  ["vm-hub101", "vm-spoke10"],
  ["vm-hub00", "vm-spoke10"],
];

describe.skipIf(skipReason)("NSGs in the emulated fabric (emulation.enforceNsgs)", () => {
  it("the unmutated dev lab: every pair as the model says; the far side of the tunnel reaches any port, the hub router does not", async () => {
    const l = loadStack(variantStack("nsg-real", () => {}));
    expect(l.lab.config.emulation.enforceNsgs).toBe(true);
    const [r, other] = await withLoaded(l, async (x) => [await verify(x), await tcpOn(x, OTHER_PORT, OTHER_PAIRS)] as const);
    expect(differing(r)).toEqual([]);
    // allow-tunnel-transit: anything from the far side; the hub (not the far side) only ICMP and TCP 22.
    expect(other).toEqual({ "vm-spoke10 -> vm-hub101": true, "vm-hub101 -> vm-spoke10": true, "vm-hub00 -> vm-spoke10": false });
    expect(leftovers("nsg-real")).toEqual([]);
  });

  it("(a) allow-lab-icmp turned into Deny: pings fail wherever that rule admitted them, TCP 22 still connects", async () => {
    const l = loadStack(variantStack("nsg-icmp", () => {}));
    const r = await withLoaded(l, verify, (x) => (x.name === "allow-lab-icmp" ? { ...x, access: "Deny" } : x));
    // Spoke <-> site pings keep answering: allow-tunnel-transit (3000, any protocol) comes before 3100, and at the
    // hub router allow-lab-icmp names only the hub subnet, so forwarded pings reach allow-tunnel-forward (3200).
    // Two traceroutes lose hop 1: a router's "time exceeded" for a probe that crossed the tunnel inside VXLAN
    // belongs to no flow the receiving NIC has seen, so the (now denying) ICMP rule judges it, as Azure's would.
    const ping = "ping: expected reachable, got no reply";
    expect(Object.fromEntries(r.pairs.filter((p) => !p.asExpected).map((p) => [`${p.from} -> ${p.to}`, p.differences]))).toEqual({
      "vm-hub00 -> vm-hub100": [ping],
      "vm-hub00 -> vm-hub101": [ping, "traceroute: expected 10.100.0.4 10.100.0.5, got ??? 10.100.0.5"],
      "vm-hub00 -> vm-spoke10": [ping],
      "vm-hub100 -> vm-hub00": [ping],
      "vm-hub100 -> vm-hub101": [ping],
      "vm-hub100 -> vm-spoke10": ["traceroute: expected 10.0.0.4 10.10.0.4, got ??? 10.10.0.4"],
      "vm-hub101 -> vm-hub00": [ping],
      "vm-hub101 -> vm-hub100": [ping],
      "vm-spoke10 -> vm-hub00": [ping],
    });
    // TCP 22 (allow-lab-ssh) connects on every pair.
    expect(r.pairs.filter((p) => !p.observed.tcp)).toEqual([]);
    expect(leftovers("nsg-icmp")).toEqual([]);
  });

  it("(b) UDP -> TCP on allow-vxlan-*: VXLAN falls to deny-vxlan-others, every pair whose path crosses the tunnel fails", async () => {
    const l = loadStack(variantStack("nsg-vxlan", () => {}));
    const r = await withLoaded(l, verify, (x) => (x.name.startsWith("allow-vxlan-") ? { ...x, protocol: "Tcp" } : x));
    // Site host <-> spoke both ways; the site router -> spoke (and the replies of spoke -> site router, which go
    // back through the tunnel); the hub router <-> site host (the hub router reaches 10.100/16 through the tunnel).
    differsAs(
      r,
      [
        "vm-hub00 -> vm-hub101",
        "vm-hub100 -> vm-spoke10",
        "vm-hub101 -> vm-hub00",
        "vm-hub101 -> vm-spoke10",
        "vm-spoke10 -> vm-hub100",
        "vm-spoke10 -> vm-hub101",
      ],
      { ping: false, tcp: false },
    );
    expect(leftovers("nsg-vxlan")).toEqual([]);
  });

  it("(c) allow-tunnel-transit deleted: allow-lab-* still admit ICMP and TCP 22, except the site router's own TCP to the spoke (its reply returns natively); any other port from the far side fails", async () => {
    const l = loadStack(variantStack("nsg-transit", () => {}));
    const [r, other, rules] = await withLoaded(
      l,
      async (x) =>
        [
          await verify(x),
          await tcpOn(x, OTHER_PORT, OTHER_PAIRS),
          (await run(inNs(x.topo.fabricNs, ["nft", "list", "table", "inet", NSG_TABLE]))).stdout,
        ] as const,
      (x) => (x.name === "allow-tunnel-transit" ? undefined : x),
    );
    expect(rules).toContain("allow-lab-icmp");
    expect(rules).not.toContain("allow-tunnel-transit");
    // One pair differs, as on Azure: the site router's own TCP to the spoke leaves inside VXLAN, the spoke's reply
    // goes through its UDR to vm-hub00, which sends it to 10.100.0.4 natively (the underlay's /32), so it enters
    // vm-hub100's NIC with no flow record there; allow-tunnel-transit (spokes -> the site subnet) was what admitted it.
    // (Before flow state per NIC, one global "established" accepted it and this pair passed.)
    expect(differing(r)).toEqual(["vm-hub100 -> vm-spoke10"]);
    expect(r.pairs.find((p) => p.from === "vm-hub100" && p.to === "vm-spoke10")!.observed).toMatchObject({ ping: true, tcp: false });
    expect(other).toEqual({ "vm-spoke10 -> vm-hub101": false, "vm-hub101 -> vm-spoke10": false, "vm-hub00 -> vm-spoke10": false });
    expect(leftovers("nsg-transit")).toEqual([]);
  });

  it("(d) allow-tunnel-return deleted: the hub router's own TCP to the site host dies on the way back (flow state per NIC), ping still answers; restored, the pair passes", async () => {
    const l = loadStack(variantStack("nsg-return", () => {}));
    const drops = async (x: Loaded) => {
      const chain = (await run(inNs(x.topo.fabricNs, ["nft", "list", "chain", "inet", NSG_TABLE, "in_nsg_vnet_hub00_default"]))).stdout;
      return Number(/counter packets (\d+) bytes \d+ drop comment "Inbound 4096 deny-all-inbound"/.exec(chain)?.[1]);
    };
    const [without, dropped, restored] = await withLoaded(
      l,
      async (x) => {
        const before = await drops(x);
        const r = await verify(x);
        const d = (await drops(x)) - before;
        // The fix back on: the real lab's NSG table, one nft transaction, as an NSG update would be.
        await run(inNs(x.topo.fabricNs, ["nft", "-f", "-"]), { input: `delete table inet ${NSG_TABLE}\n${nsgNft(l.lab, l.topo)}` });
        return [r, d, await verify(l)] as const;
      },
      (x) => (x.name === "allow-tunnel-return" ? undefined : x),
    );
    // The SYN leaves vm-hub00 inside VXLAN; vm-hub101's SYN-ACK comes back natively to 10.0.0.4 and meets no flow
    // record on vm-hub00's NIC: deny-all-inbound. ICMP has allow-lab-icmp; the traceroute's TCP last hop is lost.
    expect(differing(without)).toEqual(["vm-hub00 -> vm-hub101"]);
    const pair = without.pairs.find((p) => p.from === "vm-hub00" && p.to === "vm-hub101")!;
    expect(pair.observed).toMatchObject({ ping: true, tcp: false });
    expect(pair.observed.hops.slice(0, 2)).toEqual(["10.100.0.4", "???"]);
    expect(dropped).toBeGreaterThan(0);
    expect(differing(restored)).toEqual([]);
    expect(leftovers("nsg-return")).toEqual([]);
  });

  it("the flow table full: new flows still pass their NSGs, unrecorded and counted, and verify says so where pairs differ; a reply that needed its record is dropped; the real size restores every pair", async () => {
    const l = loadStack(variantStack("nsg-full", () => {}));
    const [full, restored] = await withLoaded(l, async (x) => {
      // The same table with room for one record per NIC, taken: every flow from here on is new to every NIC.
      const small = nsgNft(l.lab, l.topo).replaceAll(`size ${FLOW_RECORDS_MAX}`, "size 1");
      const sets = [...small.matchAll(/^ {2}set (flows_\w+) \{$/gm)].map((m) => m[1]!);
      expect(sets).toHaveLength(l.topo.nodes.length);
      expect(small.match(/size 1\n/g)).toHaveLength(sets.length);
      await run(inNs(x.topo.fabricNs, ["nft", "-f", "-"]), {
        input: `delete table inet ${NSG_TABLE}\n${small}${sets.map((f) => `add element inet ${NSG_TABLE} ${f} { 1 }\n`).join("")}`,
      });
      const r = await verify(x);
      await run(inNs(x.topo.fabricNs, ["nft", "-f", "-"]), { input: `delete table inet ${NSG_TABLE}\n${nsgNft(l.lab, l.topo)}` });
      return [r, await verify(x)] as const;
    });
    expect(full.unrecordedFlows).toBeGreaterThan(0);
    expect(full.ok).toBe(false);
    expect(renderGrid(full)).toContain(
      `a NIC's flow table in the fabric is full: ${full.unrecordedFlows} packet(s) of new flows went unrecorded`,
    );
    // Derived from the dev NSGs (test/reference/seed/fabric.nft's chains plus the dev fixes): a TCP reply (sport 22 to
    // an ephemeral port) is admitted by a rule only where allow-tunnel-transit (a spoke or a site as source, into the
    // other side), allow-tunnel-forward or allow-tunnel-return (the sites to vm-hub00) covers it; any other reply met
    // deny-all-inbound 4096 and lived on its flow record: into vm-hub00 from the spoke or the site, into the spoke from
    // vm-hub00, between the two site VMs. Pings pass (allow-lab-icmp admits both ways).
    differsAs(
      full,
      [
        "vm-hub00 -> vm-spoke10",
        "vm-hub100 -> vm-hub00",
        "vm-hub100 -> vm-hub101",
        "vm-hub101 -> vm-hub00",
        "vm-hub101 -> vm-hub100",
        "vm-spoke10 -> vm-hub00",
      ],
      { ping: true, tcp: false },
    );
    expect(differing(restored)).toEqual([]);
    expect(restored.unrecordedFlows).toBeUndefined();
    expect(restored.ok).toBe(true);
    expect(leftovers("nsg-full")).toEqual([]);
  });

  it("enforceNsgs: false is the old fabric: the same UDP -> TCP mutation changes nothing", async () => {
    const base = loadStack(variantStack("nsg-off", (lab) => (lab.emulation = { enforceNsgs: false })));
    const l = mutated(base, (r) => (r.name.startsWith("allow-vxlan-") ? { ...r, protocol: "Tcp" } : r));
    expect(
      l.lab.nsgs
        .flatMap((n) => n.inbound)
        .filter((x) => x.name.startsWith("allow-vxlan-"))
        .map((x) => x.protocol),
    ).toEqual(["Tcp", "Tcp"]);
    const [r, tables] = await withLoaded(
      l,
      async (x) => [await verify(x), (await run(inNs(x.topo.fabricNs, ["nft", "list", "tables"]))).stdout] as const,
    );
    expect(differing(r)).toEqual([]);
    expect(tables).not.toContain("hsv_nsg");
    expect(leftovers("nsg-off")).toEqual([]);
  });
});
