// The faults of faults.test.ts on the encrypted tunnel (features.encryption wireguard): each brings
// the full verify matrix back by itself, with exactly one wg0 and one vxlan0 over it, and exactly
// one live wireguard-go per router, the one the lab's state records (so `down` stops it by PID).
import { describe, expect, it } from "vitest";
import { run } from "../../src/emu/exec.js";
import { inNs } from "../../src/emu/commands/argv.js";
import { FAULTS, inject, routerNode } from "../../src/emu/faults.js";
import { status } from "../../src/emu/lifecycle.js";
import { alive } from "../../src/emu/processes.js";
import { loadStack, type Loaded } from "../../src/emu/stack.js";
import { readState } from "../../src/emu/state.js";
import { wireguardPids } from "../../src/emu/wireguard.js";
import { failing, settledVerify, skipReason, upForSuite } from "./helpers.js";
import { variantStack } from "../../src/emu/variants.js";
import { verify } from "../../src/emu/verify.js";
import { nonEmpty } from "../support/non-empty.js";

async function links(l: Loaded, vm: string): Promise<{ ifname: string; mtu: number; kind?: string; remote?: string; local?: string }[]> {
  const r = await run(["ip", "-n", routerNode(l, vm).ns, "-d", "-j", "link", "show"]);
  return (
    JSON.parse(r.stdout) as {
      ifname: string;
      mtu: number;
      linkinfo?: { info_kind: string; info_data?: { remote?: string; local?: string } };
    }[]
  )
    .filter((d) => /^(wg|vxlan)\d/.test(d.ifname))
    .map((d) => ({
      ifname: d.ifname,
      mtu: d.mtu,
      kind: d.linkinfo?.info_kind,
      remote: d.linkinfo?.info_data?.remote,
      local: d.linkinfo?.info_data?.local,
    }));
}

async function siteReachesSpoke(l: Loaded, t0: number): Promise<number> {
  const site = l.topo.nodes.find((n) => n.vm.name === "vm-hub101")!;
  for (let i = 0; i < 100; i++) {
    if ((await run(inNs(site.ns, ["ping", "-n", "-q", "-c", "1", "-W", "1", "10.10.0.4"]), { check: false })).code === 0)
      return Math.round(performance.now() - t0);
  }
  throw new Error("no recovery within 100 probes");
}

describe.skipIf(skipReason)("faults on the encrypted tunnel (dev topology, features.encryption wireguard)", () => {
  const l = skipReason ? undefined! : loadStack(variantStack("faults-wg", (lab) => (lab.features = { encryption: "wireguard" })));
  let recorded: number[] = [];
  upForSuite(l, () => expect(recorded.filter(alive)).toEqual([]));

  const cases = (["vm-hub00", "vm-hub100"] as const).flatMap((vm) => FAULTS.map((f) => [vm, f] as const));
  it.each(nonEmpty(cases))("%s %s: the matrix comes back, one wg0 and one vxlan0 over it, one recorded wireguard-go", async (vm, fault) => {
    const t0 = performance.now();
    await inject(l, vm, fault);
    const applied = Math.round(performance.now() - t0);
    const back = await siteReachesSpoke(l, t0);
    // One ping back is not the whole matrix: after an frr restart zebra re-installs the routes for a
    // moment more (a traceroute saw ??? past the hub once in CI). Poll for the expected state,
    // topotest-style, at most 5 runs of the whole matrix (settledVerify).
    const v = await settledVerify(l, 5);
    console.log(`wireguard ${vm} ${fault}: applied ${applied} ms, site->spoke back after ${back} ms, verify ${v.ms} ms (${v.runs} run(s))`);
    expect(failing(v)).toEqual([]);
    const t = l.lab.tunnels[0]!;
    const [mine, theirs] = t.hubEnd.vm === vm ? [t.hubEnd, t.siteEnd] : [t.siteEnd, t.hubEnd];
    expect(await links(l, vm)).toEqual([
      // wireguard-go's wg0 is a tun device (the kernel's would be "wireguard").
      { ifname: "wg0", mtu: 1340, kind: "tun", remote: undefined, local: undefined },
      { ifname: "vxlan0", mtu: 1290, kind: "vxlan", remote: theirs.wg!.address, local: mine.wg!.address },
    ]);
    const n = routerNode(l, vm);
    const live = wireguardPids(n).map((p) => p.pid);
    expect(live).toHaveLength(1);
    const st = readState(l.topo.stateFile)!;
    expect(st.pids.filter((p) => p.ns === n.ns && p.what.startsWith("wireguard-go")).map((p) => p.pid)).toEqual(live);
    recorded = [...new Set([...recorded, ...st.pids.filter((p) => p.what.startsWith("wireguard-go")).map((p) => p.pid)])];
    expect(status(l.topo).state).toBe("up");
  });

  // Issue 23 item 8: the post-up script leaves the tunnel down when it cannot make wg0 (Azure's
  // kernel without WireGuard and no wireguard-go) and says so only in a log; verify names the link.
  it("vm-hub00 without wg0: verify names the link, not only the pairs; the post-up script brings it back", async () => {
    const n = routerNode(l, "vm-hub00");
    await run(inNs(n.ns, ["ip", "link", "del", "wg0"]));
    const broken = await verify(l);
    expect(broken.ok).toBe(false);
    expect(broken.links).toContainEqual({
      vm: "vm-hub00",
      dev: "wg0",
      up: false,
      difference: expect.stringContaining("vm-hub00: link wg0 is missing or down"),
    });
    expect(broken.links?.filter((x) => x.vm === "vm-hub100")).toEqual([
      { vm: "vm-hub100", dev: "wg0", up: true },
      { vm: "vm-hub100", dev: "vxlan0", up: true },
    ]);
    expect(failing(broken).some((f) => f.startsWith("vm-hub101->vm-spoke10:"))).toBe(true);
    await inject(l, "vm-hub00", "post-up x3");
    const back = await settledVerify(l, 5);
    expect(failing(back)).toEqual([]);
    expect(back.ok).toBe(true);
    expect(back.links?.every((x) => x.up)).toBe(true);
    recorded = [
      ...new Set([
        ...recorded,
        ...(readState(l.topo.stateFile)?.pids ?? []).filter((p) => p.what.startsWith("wireguard-go")).map((p) => p.pid),
      ]),
    ];
  });
});
