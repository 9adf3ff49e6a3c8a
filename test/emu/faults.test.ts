// Faults and idempotence: the post-up script run three times, eth0 down and up, an FRR restart and
// a router rebuilt from its cloud-init each bring the full verify matrix back with no manual step.
// A router rebuilt WITHOUT its cloud-init is shown to break the matrix: the checks can fail.
import { describe, expect, it } from "vitest";
import { run } from "../../src/emu/exec.js";
import { inNs } from "../../src/emu/commands/argv.js";
import { vtysh } from "../../src/emu/frr.js";
import { inject, rebuild, routerNode, type Fault } from "../../src/emu/faults.js";
import { loadStack, type Loaded } from "../../src/emu/stack.js";
import { verify } from "../../src/emu/verify.js";
import { skipReason, upForSuite } from "./helpers.js";
import { variantStack } from "../../src/emu/variants.js";
import { nonEmpty } from "../support/non-empty.js";

interface VxlanLink {
  ifname: string;
  mtu: number;
  linkinfo: { info_kind: string; info_data: { id: number; remote: string; port: number; learning: boolean; df?: string } };
  addr_info?: { local: string; prefixlen: number }[];
}

async function vxlanDevices(l: Loaded, vm: string): Promise<VxlanLink[]> {
  const r = await run(["ip", "-n", routerNode(l, vm).ns, "-4", "-d", "-j", "address", "show", "type", "vxlan"]);
  // `ip -4 -j address show` leaves an empty object for each link it filtered out.
  return (JSON.parse(r.stdout) as VxlanLink[]).filter((d) => d.ifname);
}

/** Polls (bounded) until the site host reaches the spoke host through the tunnel; returns ms taken. */
async function recovery(l: Loaded, t0: number): Promise<number> {
  const site = l.topo.nodes.find((n) => n.vm.name === "vm-hub101")!;
  for (let i = 0; i < 100; i++) {
    const r = await run(inNs(site.ns, ["ping", "-n", "-q", "-c", "1", "-W", "1", "10.10.0.4"]), { check: false });
    if (r.code === 0) return Math.round(performance.now() - t0);
  }
  throw new Error("no recovery within 100 probes");
}

/** The hub router's kernel route to the far tunnel end (`ip -j route show 10.100.0.4/32`), polled briefly. */
async function peerRoute(l: Loaded): Promise<{ dst: string; gateway?: string; dev: string }[]> {
  let routes: { dst: string; gateway?: string; dev: string }[] = [];
  for (let i = 0; i < 20 && !routes.length; i++) {
    if (i) await new Promise((r) => setTimeout(r, 100));
    routes = JSON.parse((await run(["ip", "-n", routerNode(l, "vm-hub00").ns, "-j", "route", "show", "10.100.0.4/32"])).stdout || "[]");
  }
  return routes;
}
const VIA_GATEWAY = [expect.objectContaining({ dst: "10.100.0.4", gateway: "10.0.0.1", dev: "eth0" })];

const failing = (v: Awaited<ReturnType<typeof verify>>) =>
  v.pairs.filter((p) => !p.asExpected).map((p) => `${p.from}->${p.to}: ${p.differences.join("; ")}`);

describe.skipIf(skipReason)("faults and idempotence (dev topology)", () => {
  const l = skipReason ? undefined! : loadStack(variantStack("faults", () => {}));
  upForSuite(l);

  it("the post-up script run three times leaves exactly one correctly configured device", async () => {
    await inject(l, "vm-hub00", "post-up x3");
    const devs = await vxlanDevices(l, "vm-hub00");
    expect(devs).toHaveLength(1);
    const d = devs[0]!;
    expect(d.ifname).toBe("vxlan0");
    expect(d.mtu).toBe(1350);
    expect((d as unknown as { address: string }).address).toBe("02:00:a9:fe:00:01");
    expect(d.linkinfo.info_data).toMatchObject({ id: 77, remote: "10.100.0.4", port: 4789, learning: false, df: "set" });
    expect(d.addr_info?.map((a) => `${a.local}/${a.prefixlen}`)).toEqual(["169.254.0.1/24"]);
    expect(failing(await verify(l))).toEqual([]);
  });

  const cases: [string, Fault][] = [
    ["vm-hub00", "eth0 bounce"],
    ["vm-hub100", "eth0 bounce"],
    ["vm-hub00", "frr restart"],
    ["vm-hub100", "frr restart"],
    ["vm-hub100", "rebuild"],
    ["vm-hub00", "rebuild"],
  ];
  it.each(nonEmpty(cases))("%s %s: the full matrix comes back by itself", async (vm, fault) => {
    const t0 = performance.now();
    await inject(l, vm, fault);
    const injected = Math.round(performance.now() - t0);
    const recovered = await recovery(l, t0);
    const v = await verify(l);
    console.log(`${vm} ${fault}: applied ${injected} ms, site->spoke back after ${recovered} ms, verify ${v.ms} ms`);
    expect(failing(v)).toEqual([]);
    expect(await vxlanDevices(l, vm)).toHaveLength(1);
    // FRR 8.4 lost this one after a quick eth0 flap until it was bound to eth0 (features.peerRouteDev).
    expect(await peerRoute(l)).toEqual(VIA_GATEWAY);
  });

  /** The far router's neighbour entries on the tunnel device (`ip -j neigh show dev vxlanN`). */
  async function neighbours(vm: string, dev: string): Promise<{ dst: string; lladdr?: string; state: string[] }[]> {
    const r = await run(["ip", "-n", routerNode(l, vm).ns, "-j", "neigh", "show", "dev", dev]);
    return JSON.parse(r.stdout || "[]");
  }
  const USABLE = ["REACHABLE", "STALE", "DELAY", "PROBE", "PERMANENT"];

  it.each(
    nonEmpty([
      ["vm-hub00", "vm-hub100"],
      ["vm-hub100", "vm-hub00"],
    ]),
  )("%s rebuilt: %s's neighbour entry for the tunnel stays valid (same fixed MAC)", async (rebuilt, far) => {
    const t = l.lab.tunnels[0]!;
    const [mine, theirs] = t.hubEnd.vm === rebuilt ? [t.hubEnd, t.siteEnd] : [t.siteEnd, t.hubEnd];
    expect(theirs.vm).toBe(far);
    await recovery(l, performance.now()); // traffic through the tunnel: the far end has an entry
    const entry = async () => (await neighbours(far, t.device)).find((n) => n.dst === mine.overlayAddress);
    const before = await entry();
    expect(before?.lladdr).toBe(mine.mac);
    expect(USABLE).toContain(before!.state[0]);
    await rebuild(l, routerNode(l, rebuilt));
    const dev = (await vxlanDevices(l, rebuilt))[0] as unknown as { address: string };
    expect(dev.address).toBe(mine.mac); // the rebuilt end came back with the MAC the far end holds
    const after = await entry();
    expect(after?.lladdr).toBe(before!.lladdr);
    expect(USABLE).toContain(after!.state[0]);
    await recovery(l, performance.now());
    expect((await entry())?.lladdr).toBe(mine.mac);
  });

  it("control: a router rebuilt without its cloud-init breaks the matrix (and a rebuild with it mends it)", async () => {
    const hub100 = routerNode(l, "vm-hub100");
    await rebuild(l, hub100, false);
    const broken = failing(await verify(l));
    expect(broken.length).toBeGreaterThan(0);
    expect(broken.some((b) => b.startsWith("vm-hub101->vm-spoke10"))).toBe(true);
    await rebuild(l, hub100);
    expect(failing(await verify(l))).toEqual([]);
  });
});

// Control: the seed's unbound `ip route 10.100.0.4/32 10.0.0.1` is lost by FRR 8.4 after a quick eth0
// flap (the kernel drops it silently, zebra believes it installed: https://github.com/FRRouting/frr/pull/13413).
describe.skipIf(skipReason)("eth0 bounce with features.peerRouteDev off (the seed's line)", () => {
  const l = skipReason ? undefined! : loadStack(variantStack("faults-nodev", (lab) => (lab.features = { peerRouteDev: false })));
  upForSuite(l);
  it("the /32 is in the kernel before, missing after the bounce although zebra still lists it", async () => {
    expect(await peerRoute(l)).toEqual(VIA_GATEWAY);
    await inject(l, "vm-hub00", "eth0 bounce");
    expect(await peerRoute(l)).toEqual([]);
    const rib = await vtysh(routerNode(l, "vm-hub00"), ["-c", "show ip route 10.100.0.4/32"]);
    expect(rib.stdout).toContain("10.0.0.1, via eth0");
    // Without the /32 the hub router's own packets to 10.100.0.4 take the tunnel (the SYN inside VXLAN, the
    // SYN-ACK back in clear). NSG rule 3210 (allow-tunnel-return) admits that reply, as it would on Azure, so the
    // matrix stays green: the fault shows only as the route, here and on Azure.
    const get = JSON.parse((await run(["ip", "-n", routerNode(l, "vm-hub00").ns, "-j", "route", "get", "10.100.0.4"])).stdout);
    expect(get[0]).toMatchObject({ dst: "10.100.0.4", dev: "vxlan0" });
    expect(failing(await verify(l))).toEqual([]);
  });
});
