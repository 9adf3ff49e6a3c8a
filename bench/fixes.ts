// Benchmark of the fixes beyond the seed (numbers, not assertions), run as root: npm run bench:fixes
// - TCP throughput through the tunnel vs the underlay, as ratios measured in one lab run, with and
//   without MSS clamping, with ICMP "fragmentation needed" intact and dropped, and the seed's
//   1450-byte tunnel (features.azureMtu off) with and without Azure's fragmentation emulated;
// - recovery time of each fault (post-up x3, eth0 bounce, FRR restart, rebuild) on each router.
// In-memory figures: only the ratios and pass/fail carry over to Azure.
import { performance } from "node:perf_hooks";
import Table from "cli-table3";
import { run } from "../src/emu/exec.js";
import { inNs } from "../src/emu/commands/argv.js";
import { FAULTS, inject } from "../src/emu/faults.js";
import { checkPrereqs } from "../src/emu/prereqs.js";
import type { Loaded } from "../src/emu/stack.js";
import { verify } from "../src/emu/verify.js";
import { variantStack, withLab } from "../src/emu/variants.js";
import { iperf, pingLoss } from "../src/emu/traffic.js";
import { applyImpairments } from "../src/emu/impair.js";
import { GATEWAY_SKU_MBIT } from "../src/platform/gateway-skus.js";

const nsOf = (l: Loaded, vm: string) => l.topo.nodes.find((n) => n.vm.name === vm)!.ns;

async function throughput(): Promise<void> {
  const variants: [string, string, (lab: Record<string, unknown>) => void][] = [
    ["clamp on, ICMP intact", "bench-mss-on", () => {}],
    // features.encryption: the same tunnel inside WireGuard (MTU 1290, MSS 1250); here wireguard-go, userspace.
    ["clamp on, WireGuard (wireguard-go)", "bench-wg", (lab) => (lab.features = { encryption: "wireguard" })],
    ["clamp off, ICMP intact (PMTUD)", "bench-mss-off", (lab) => (lab.features = { mssClamp: false })],
    ["clamp on, frag-needed dropped", "bench-mss-on-drop", (lab) => (lab.emulation = { dropFragNeeded: true })],
    [
      "clamp off, frag-needed dropped",
      "bench-mss-off-drop",
      (lab) => ((lab.features = { mssClamp: false }), (lab.emulation = { dropFragNeeded: true })),
    ],
    [
      "seed MTU 1450 no DF, fabric not fragmenting",
      "bench-mtu-seed-nofrag",
      (lab) => ((lab.features = { azureMtu: false }), (lab.emulation = { azureFragmentation: false })),
    ],
    ["seed MTU 1450 no DF, Azure fragmentation", "bench-mtu-seed", (lab) => (lab.features = { azureMtu: false })],
  ];
  // The underlay is measured router to router (the tunnel's own path), on TCP 5201, which the NSGs
  // rightly deny (lab traffic between routers is ICMP and TCP 22 only): every throughput lab runs
  // with emulation.enforceNsgs off, so both figures of a ratio are taken the same way.
  const noNsgs = (edit: (lab: Record<string, unknown>) => void) => (lab: Record<string, unknown>) => {
    edit(lab);
    lab.emulation = { ...(lab.emulation as object | undefined), enforceNsgs: false };
  };
  const rows: string[][] = [];
  for (const [label, name, edit] of variants) {
    const [under, over, back] = await withLab(variantStack(name, noNsgs(edit)), async (l) => [
      await iperf(l, "vm-hub100", "vm-hub00"), // underlay: router to router over the fabric, MTU 1500
      await iperf(l, "vm-hub101", "vm-spoke10"), // overlay: site host to spoke host through the tunnel
      await iperf(l, "vm-spoke10", "vm-hub101"),
    ]);
    // No underlay figure, no ratio: say so instead of printing a table of dashes.
    if (!under) throw new Error(`${label}: iperf3 vm-hub100 -> vm-hub00 (the underlay) moved nothing`);
    rows.push([
      label,
      under.toFixed(2),
      over.toFixed(2),
      back.toFixed(2),
      under ? (over / under).toFixed(2) : "-",
      under ? (back / under).toFixed(2) : "-",
    ]);
  }
  const t = new Table({
    head: ["lab (dev topology)", "underlay Gbit/s", "site->spoke Gbit/s", "spoke->site Gbit/s", "ratio ->", "ratio <-"],
  });
  t.push(...rows);
  console.log(
    "TCP through the tunnel vs the underlay (iperf3, 3 s each, same lab run, NSGs not enforced; tunnel MTU 1350 + DF and Azure's fragmentation emulated unless the row says otherwise):",
  );
  console.log(t.toString());
}

/** Tunnel throughput with each gateway SKU's limit on the site and hub gateways, and under 1 % loss. */
async function impaired(): Promise<void> {
  const rows: string[][] = [];
  await withLab(
    variantStack("bench-impair", () => {}),
    async (l) => {
      const both = (imp: { rateMbit?: number; lossPercent?: number }) => [
        { vnet: "vnet-hub00", ...imp },
        { vnet: "vnet-hub100", ...imp },
      ];
      const free = await iperf(l, "vm-hub101", "vm-spoke10");
      rows.push(["none (in-memory)", "-", free.toFixed(2), "-", (100 * (await pingLoss(l, "vm-hub101", "10.10.0.4"))).toFixed(1)]);
      for (const [sku, mbit] of Object.entries(GATEWAY_SKU_MBIT)) {
        await applyImpairments(l.lab, l.topo, both({ rateMbit: mbit }));
        const g = await iperf(l, "vm-hub101", "vm-spoke10");
        rows.push([`${sku} on both gateways`, (mbit / 1000).toFixed(1), g.toFixed(2), (g / (mbit / 1000)).toFixed(2), "-"]);
      }
      await applyImpairments(l.lab, l.topo, both({ lossPercent: 1 }));
      const lossy = await iperf(l, "vm-hub101", "vm-spoke10");
      rows.push([
        "1 % loss on both gateways",
        "-",
        lossy.toFixed(2),
        "-",
        (100 * (await pingLoss(l, "vm-hub101", "10.10.0.4"))).toFixed(1),
      ]);
      await applyImpairments(l.lab, l.topo, []);
    },
  );
  const t = new Table({
    head: ["impairment (site host -> spoke host)", "limit Gbit/s", "iperf3 Gbit/s", "of limit", "ping -c 200 loss %"],
  });
  t.push(...rows);
  console.log("Tunnel throughput under each gateway SKU's limit and under loss (lab impair):");
  console.log(t.toString());
}

async function recovery(): Promise<void> {
  const rows: string[][] = [];
  await withLab(
    variantStack("bench-faults", () => {}),
    async (l) => {
      const site = nsOf(l, "vm-hub101");
      for (const router of ["vm-hub00", "vm-hub100"]) {
        for (const fault of FAULTS) {
          const t0 = performance.now();
          await inject(l, router, fault);
          const applied = performance.now() - t0;
          let back = NaN;
          for (let i = 0; i < 100; i++) {
            if ((await run(inNs(site, ["ping", "-n", "-q", "-c", "1", "-W", "1", "10.10.0.4"]), { check: false })).code === 0) {
              back = performance.now() - t0;
              break;
            }
          }
          const v = await verify(l);
          rows.push([
            router,
            fault,
            applied.toFixed(0),
            back.toFixed(0),
            String((performance.now() - t0) | 0),
            v.ok ? `${v.pairs.length}/${v.pairs.length}` : `DIFFERS (${v.pairs.filter((p) => !p.asExpected).length})`,
          ]);
        }
      }
    },
  );
  const t = new Table({ head: ["router", "fault", "applied ms", "site->spoke back ms", "full matrix verified ms", "matrix"] });
  t.push(...rows);
  console.log("Recovery of each fault (dev topology):");
  console.log(t.toString());
}

async function main() {
  try {
    checkPrereqs();
  } catch (e) {
    console.log(`bench:fixes skipped: ${(e as Error).message}`);
    return;
  }
  if (process.argv.includes("--impair-only")) return impaired();
  if (process.argv.includes("--throughput-only")) return throughput();
  await throughput();
  await impaired();
  await recovery();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
