// Benchmark of hub router failover (numbers, not assertions), run as root: npm run bench:failover
// One run, two labs: the hub router pair (test/fixtures/Pulumi.pair.yaml, stack fo-pair) and the
// same lab with one hub router (stack fo-single), both routing: bgp. The same held faults on the
// hub router vm-hub00 in each: the VM gone (every process stopped, its NIC silent), its FRR stopped,
// its tunnel to the site cut in the fabric. For each, traffic both ways between the site host and the
// spoke host (bench/flows.py, in their namespaces): a new TCP connection every 100 ms (new flows,
// hashed anew) and 8 TCP connections held open from before the fault (one byte echoed every 100 ms).
// Reported from the fault's start: when new flows failed first and last, and when they connected
// again for good; how many held flows broke (no echo in the last 2 s of the window). The fault is
// held for the whole window, then lifted, and the lab must verify again before the next fault.
// In-memory figures on a shared machine: the load average is printed with the table.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Table from "cli-table3";
import { run, spawnDetached } from "../src/emu/exec.js";
import { inNs } from "../src/emu/commands/argv.js";
import { hold, type HeldFault } from "../src/emu/faults.js";
import { checkPrereqs } from "../src/emu/prereqs.js";
import { stopPids } from "../src/emu/processes.js";
import type { Loaded } from "../src/emu/stack.js";
import { verify } from "../src/emu/verify.js";
import { lbHealth } from "../src/emu/lb.js";
import { waitForRouterRoutes } from "../src/emu/lifecycle.js";
import { variantOf, withLab } from "../src/emu/variants.js";
import { nodeOf } from "../src/emu/commands/topology.js";
import { PROBE_PORT } from "../src/probe/contract.js";

const ROUTER = "vm-hub00";
const SITE_HOST = "vm-hub101";
const SPOKE_HOST = "vm-spoke10";
// The port every lab NSG admits from the lab (sshd on Azure; here free outside verify, which listens on it only while it runs).
const ECHO_PORT = PROBE_PORT;
/** The fault is held this long while traffic runs (Azure's probe: 5 s x 2 timeouts at most, plus margin). */
const WINDOW_S = 25;
const LEAD_S = 2;
const HELD = 8;
const FAULTS: readonly HeldFault[] = (process.env.HSV_FAULTS?.split(",") as HeldFault[] | undefined) ?? [
  "vm gone",
  "frr stop",
  "tunnel cut",
];
const PAIR = join(__dirname, "..", "test", "fixtures", "Pulumi.pair.yaml");

const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Flows {
  attempts: [number, number][];
  held: (number | null)[];
}

const nsOf = (l: Loaded, vm: string) => nodeOf(l.topo, vm)!.ns;
const addressOf = (l: Loaded, vm: string) => nodeOf(l.topo, vm)!.vm.address;

function summarize(f: Flows, t0: number, endMs: number): { failedFirst: string; failedLast: string; back: string; broken: string } {
  const rel = f.attempts.map(([t, ok]) => [t - t0, ok] as const).filter(([t]) => t >= 0);
  const failed = rel.filter(([, ok]) => !ok);
  if (!failed.length) return { failedFirst: "none", failedLast: "-", back: "never failed", broken: brokenOf(f, t0, endMs) };
  const last = failed.at(-1)![0];
  const after = rel.find(([t, ok]) => t > last && ok);
  return {
    failedFirst: `${failed[0]![0]}`,
    failedLast: `${last} (${failed.length}/${rel.length} failed${failed.length <= 12 ? `: at ${failed.map(([t]) => t).join(" ")}` : ""})`,
    back: after ? `${after[0]}` : `NOT within ${WINDOW_S} s`,
    broken: brokenOf(f, t0, endMs),
  };
}

/** Held flows whose last echo is older than 2 s at the window's end (t0, endMs: the fault's start, the window's end from it). */
const brokenOf = (f: Flows, t0: number, endMs: number) =>
  `${f.held.filter((t) => t === null || t - t0 < endMs - 2000).length}/${f.held.length}`;

async function measure(l: Loaded, label: string, fault: HeldFault): Promise<string[][]> {
  const v0 = await verify(l);
  if (!v0.ok) throw new Error(`${label}: the lab does not verify before ${fault}`);
  const servers = [SITE_HOST, SPOKE_HOST].map((vm) =>
    spawnDetached(inNs(nsOf(l, vm), ["socat", `TCP4-LISTEN:${ECHO_PORT},reuseaddr,fork`, "EXEC:cat"])),
  );
  await sleep(300);
  const load = loadavg();
  const flows = (from: string, to: string) =>
    run(
      inNs(nsOf(l, from), [
        "python3",
        join(__dirname, "flows.py"),
        addressOf(l, to),
        String(ECHO_PORT),
        String(LEAD_S + WINDOW_S),
        String(HELD),
      ]),
      {
        timeoutMs: (LEAD_S + WINDOW_S + 30) * 1000,
      },
    );
  const siteToSpoke = flows(SITE_HOST, SPOKE_HOST);
  const spokeToSite = flows(SPOKE_HOST, SITE_HOST);
  await sleep(LEAD_S * 1000);
  const t0 = Date.now();
  const lift = await hold(l, ROUTER, fault, fault === "tunnel cut" ? "vnet-hub100" : undefined);
  const applied = Date.now() - t0;
  const results = await Promise.all([siteToSpoke, spokeToSite]);
  const endMs = Date.now() - t0;
  const health = lbHealth(l.topo);
  await lift();
  await stopPids(
    servers.filter((p): p is number => !!p),
    400,
  );
  // Back to steady before the next fault: routes and sessions in, FRR 8.4's one reset after a new
  // session over (docs/routing.md: within about 5 s), then the lab verifies again (bounded).
  await waitForRouterRoutes(l.topo);
  await sleep(6000);
  let again = await verify(l);
  for (let i = 0; i < 30 && !again.ok; i++) {
    await sleep(1000);
    again = await verify(l);
  }
  return results.map((r, i) => {
    const s = summarize(JSON.parse(r.stdout) as Flows, t0, endMs);
    return [
      label,
      `${fault} on ${ROUTER}`,
      i === 0 ? "site -> spoke" : "spoke -> site",
      String(applied),
      s.failedFirst,
      s.failedLast,
      s.back,
      s.broken,
      health ? health.backends.map((b) => `${b.name} ${b.up ? "up" : "down"}`).join(", ") : "-",
      again.ok ? "verifies" : "DIFFERS",
      load,
    ];
  });
}

async function main() {
  try {
    checkPrereqs();
  } catch (e) {
    console.log(`bench:failover skipped: ${(e as Error).message}`);
    return;
  }
  const rows: string[][] = [];
  const labs = [
    { label: "pair", path: variantOf(PAIR, "fo-pair", () => {}) },
    {
      label: "single",
      path: variantOf(PAIR, "fo-single", (lab) => {
        delete lab.hub.pair;
      }),
    },
  ];
  for (const { label, path } of labs) {
    await withLab(path, async (l) => {
      for (const fault of FAULTS) {
        // One fault's measurement failing (e.g. its flows could not connect first) is a row, not the end of the run.
        const r = await measure(l, label, fault).catch((e: Error) => [
          [
            label,
            `${fault} on ${ROUTER}`,
            "-",
            "-",
            `NOT MEASURED: ${e.message.split("\n").find((x) => /Error/.test(x)) ?? e.message.split("\n")[0]}`,
            "-",
            "-",
            "-",
            "-",
            "-",
            loadavg(),
          ],
        ]);
        for (const row of r) console.log(row.join(" | "));
        rows.push(...r);
      }
    });
  }
  const t = new Table({
    head: [
      "lab",
      "fault",
      "direction",
      "applied ms",
      "new flows first failed ms",
      "last failed ms",
      "new flows back ms",
      "held flows broken",
      "LB backends at the end",
      "after lifting",
      "loadavg at start",
    ],
  });
  t.push(...rows);
  console.log(
    `Failover (faults on ${ROUTER}, held ${WINDOW_S} s; new TCP flow every 100 ms, ${HELD} held flows each way; times from the fault's start):`,
  );
  console.log(t.toString());
  console.log("Reproduce: sudo npm run bench:failover (stacks fo-pair, fo-single)");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
