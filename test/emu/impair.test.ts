// Underlay impairments: each gateway's SKU as a rate limit (htb) through the tunnel, loss per path
// (nftables numgen), delay refused with a clear error where the kernel has no netem; all inside the
// fabric namespace, gone with `down`.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/emu/exec.js";
import { inNs } from "../../src/emu/commands/argv.js";
import { applyImpairments, clearImpairments, netemError } from "../../src/emu/impair.js";
import { IMPAIR_TABLE, ImpairError } from "../../src/emu/commands/impair.js";
import { ConfigError } from "../../src/model/load.js";
import { loadStack, type Loaded } from "../../src/emu/stack.js";
import { leftovers, skipReason as baseSkip, upForSuite } from "./helpers.js";
import { iperf, pingLoss } from "../../src/emu/traffic.js";
import { variantStack, withLab } from "../../src/emu/variants.js";
import { missing } from "../support/prereqs.js";

const skipReason = baseSkip ?? missing({ root: true, tools: ["tc", "iperf3"] });
const ROOT = join(__dirname, "..", "..");
const cli = (args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin", "lab.cjs"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });

describe.skipIf(skipReason)("lab impair (dev topology)", () => {
  // iperf3 (TCP 5201) between the hub router and the spoke is what the real NSGs deny (lab ICMP/TCP 22
  // only): rate limits are measured here, so the fabric's NSGs are off.
  const path = skipReason ? "" : variantStack("impair", (lab) => (lab.emulation = { enforceNsgs: false }));
  const l: Loaded = skipReason ? undefined! : loadStack(path);
  upForSuite(l);

  it("1 Gbit/s (ErGw1AZ) on every gateway: iperf3 through the tunnel stays at or under the limit", async () => {
    const free = await iperf(l, "vm-hub101", "vm-spoke10", 2);
    const plan = await applyImpairments(l.lab, l.topo, [
      { vnet: "vnet-hub00", rateMbit: 1000 },
      { vnet: "vnet-hub100", rateMbit: 1000 },
    ]);
    expect(plan.summary.map((s) => [s.path, s.flows > 0])).toEqual([
      ["vnet-hub00", true],
      ["vnet-hub100", true],
    ]);
    const limited = await iperf(l, "vm-hub101", "vm-spoke10", 3);
    const back = await iperf(l, "vm-spoke10", "vm-hub101", 3);
    console.log(`iperf3 site->spoke: free ${free.toFixed(2)} Gbit/s; limited ${limited.toFixed(2)} ->, ${back.toFixed(2)} <-`);
    expect(free).toBeGreaterThan(1.2); // otherwise the limit proves nothing on this host
    expect(limited).toBeLessThanOrEqual(1.05);
    expect(limited).toBeGreaterThan(0.5);
    expect(back).toBeLessThanOrEqual(1.05);
    expect(back).toBeGreaterThan(0.5);
    // Traffic that crosses no gateway (spoke <-> hub over the peering) is not limited.
    const peering = await iperf(l, "vm-spoke10", "vm-hub00", 2);
    expect(peering).toBeGreaterThan(1.2);
    await clearImpairments(l.topo);
    expect((await run(inNs(l.topo.fabricNs, ["nft", "list", "tables"]))).stdout).not.toContain(IMPAIR_TABLE);
  });

  it("loss: 0 % loses nothing, 1 % loses at most 5 %, 20 % clearly drops", async () => {
    expect(await pingLoss(l, "vm-hub101", "10.10.0.4")).toBe(0);
    await applyImpairments(l.lab, l.topo, [{ vnet: "vnet-hub00", lossPercent: 1 }]);
    const one = await pingLoss(l, "vm-hub101", "10.10.0.4");
    await applyImpairments(l.lab, l.topo, [{ vnet: "vnet-hub00", lossPercent: 20 }]);
    const twenty = await pingLoss(l, "vm-hub101", "10.10.0.4");
    // The same 20 % on a path this traffic does not take (the spoke's own gateway): nothing lost.
    await applyImpairments(l.lab, l.topo, [{ vnet: "vnet-spoke10", lossPercent: 20 }]);
    const elsewhere = await pingLoss(l, "vm-hub101", "10.10.0.4");
    await applyImpairments(l.lab, l.topo, []);
    const after = await pingLoss(l, "vm-hub101", "10.10.0.4");
    console.log(
      `ping -c 200 site->spoke loss: 1 % per direction ${(one * 100).toFixed(1)} %, 20 % ${(twenty * 100).toFixed(1)} %, elsewhere ${elsewhere}, cleared ${after}`,
    );
    expect(one).toBeLessThanOrEqual(0.05);
    expect(twenty).toBeGreaterThan(0.15); // request and reply each 20 %: ~36 % expected
    expect(twenty).toBeLessThan(0.6);
    expect(elsewhere).toBe(0);
    expect(after).toBe(0);
  });

  it("delay: a clear error naming the missing kernel module where there is no netem", async () => {
    const err = await netemError(l.topo);
    if (!err) {
      // A kernel with netem: the delay shows in the RTT instead.
      await applyImpairments(l.lab, l.topo, [{ vnet: "vnet-hub00", delayMs: 50 }]);
      const r = await run(inNs(l.topo.nodes.find((n) => n.vm.name === "vm-hub101")!.ns, ["ping", "-n", "-c", "1", "-W", "2", "10.10.0.4"]));
      expect(Number(/time=([\d.]+)/.exec(r.stdout)![1])).toBeGreaterThan(50);
      return;
    }
    const e = await applyImpairments(l.lab, l.topo, [{ vnet: "vnet-hub00", delayMs: 20 }]).catch((x) => x);
    expect(e).toBeInstanceOf(ImpairError);
    expect((e as ImpairError).message).toMatch(/netem.*sch_netem/);
    expect((e as ImpairError).message).toContain(err); // the kernel's own words, e.g. "Specified qdisc kind is unknown"
    expect(err).toMatch(/qdisc kind is unknown/);
    expect((e as ImpairError).prereq).toBe(true);
    const c = cli(["impair", "--stack", path, "--path", "vnet-hub00", "--delay", "20"]);
    expect(c.status).toBe(3);
    expect(c.stderr).toContain("sch_netem");
    // Nothing half-applied: rate and loss still work afterwards.
    expect((await run(inNs(l.topo.fabricNs, ["nft", "list", "tables"]))).stdout).not.toContain(IMPAIR_TABLE);
  });

  it("CLI: --rate sku on a gateway, bad path and bad rate are usage errors, --clear removes all", async () => {
    const ok = cli(["impair", "--stack", path, "--path", "gw-vnet-hub00", "--rate", "sku", "--loss", "0.5", "--json"]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ paths: [{ path: "vnet-hub00", rateMbit: 1000, lossPercent: 0.5 }] });
    const classes = (
      await run(inNs(l.topo.fabricNs, ["tc", "class", "show", "dev", l.topo.nodes.find((n) => n.vm.name === "vm-hub00")!.port]))
    ).stdout;
    expect(classes).toMatch(/rate 1Gbit/);
    expect(cli(["impair", "--stack", path, "--path", "vnet-nope", "--loss", "1"]).status).toBe(2);
    expect(cli(["impair", "--stack", path, "--all", "--rate", "fast"]).status).toBe(2);
    expect(cli(["impair", "--stack", path, "--clear"]).status).toBe(0);
    expect((await run(inNs(l.topo.fabricNs, ["nft", "list", "tables"]))).stdout).not.toContain(IMPAIR_TABLE);
  });
});

describe.skipIf(skipReason)("emulation.gatewayRateLimit and lossPercent in the stack file", () => {
  it("up applies each gateway's SKU limit and the loss; down removes them with the fabric", async () => {
    const path = variantStack("impair-cfg", (lab) => {
      lab.hub.gateway.sku = "ErGw2AZ";
      lab.emulation = { gatewayRateLimit: true, lossPercent: { "vnet-hub100": 2 } };
    });
    const stack = loadStack(path).topo.stack;
    await withLab(path, async (l) => {
      const hubPort = l.topo.nodes.find((n) => n.vm.name === "vm-hub00")!.port;
      const sitePort = l.topo.nodes.find((n) => n.vm.name === "vm-hub100")!.port;
      // Site -> hub crosses the site's ErGw1AZ and the hub's ErGw2AZ: the tighter one, 1 Gbit/s.
      expect((await run(inNs(l.topo.fabricNs, ["tc", "class", "show", "dev", hubPort]))).stdout).toMatch(/rate 1Gbit/);
      expect((await run(inNs(l.topo.fabricNs, ["tc", "class", "show", "dev", sitePort]))).stdout).toMatch(/rate 1Gbit/);
      const nft = (await run(inNs(l.topo.fabricNs, ["nft", "list", "table", "inet", IMPAIR_TABLE]))).stdout;
      expect(nft).toContain("numgen random mod 10000 < 200");
    });
    expect(leftovers(stack)).toEqual([]);
  });
  it("a lossPercent path that is no VNet or gateway is a config problem: judged with the others, nothing built", () => {
    const path = variantStack("impair-bad", (lab) => {
      lab.emulation = { lossPercent: { "vnet-nope": 2 } };
    });
    expect(() => loadStack(path)).toThrow(ConfigError);
    expect(() => loadStack(path)).toThrow(/emulation\.lossPercent\.vnet-nope: "vnet-nope" is neither a VNet nor a gateway/);
    expect(leftovers("impair-bad")).toEqual([]);
  });
});
