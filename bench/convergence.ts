// Benchmark of convergence (numbers, not assertions), run as root: npm run bench:convergence
// One run, two labs (the dev topology with routing: static and with routing: bgp, stacks
// bgp-bench-static and bgp-bench-bgp), the same faults on the site router in each:
// - tunnel cut: the tunnel's outer packets dropped in the fabric (held, then lifted);
// - bgpd stop: bgpd stopped by PID (held, then started again as frrinit.sh starts one daemon; bgp only);
// - frr restart, rebuild (src/emu/faults.ts: over when applied).
// For each: (a) detection, from the fault until the hub router's kernel route for the site's prefix
// is withdrawn (`ip -n <ns> route show <prefix>` polled every 20 ms at most, bounded; static routes
// are never withdrawn: the prefix stays, black-holed); (b) during a held fault, ping loss site host ->
// spoke host and how it fails (silently, or with ICMP errors); (c) recovery, from the fault's end
// until the route is back and until site -> spoke traffic flows again; then the full verify matrix.
// In-memory figures on a shared machine: the load average is printed with the table.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import os from "node:os";
import Table from "cli-table3";
import { run } from "../src/emu/exec.js";
import { inNs } from "../src/emu/commands/argv.js";
import { HELD_FAULTS, hold, inject, routerNode, tunnelOf, type Fault, type HeldFault } from "../src/emu/faults.js";
import { checkPrereqs } from "../src/emu/prereqs.js";
import type { Loaded } from "../src/emu/stack.js";
import { verify } from "../src/emu/verify.js";
import { sessionsUp } from "../src/emu/frr.js";
import { variantStack, withLab } from "../src/emu/variants.js";

const SITE_ROUTER = "vm-hub100";
const POLL_MS = 20;
/** Bounds: a fault's detection is looked for this long (then: not withdrawn); recovery at most this long. */
const DETECT_BOUND_MS = 4000;
const RECOVER_BOUND_MS = 30_000;
/** How long a held fault's traffic is sampled once detected (or once DETECT_BOUND_MS has passed). */
const SAMPLE = { count: 10, intervalS: 0.2 };

const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Ends {
  hubNs: string;
  sitePrefix: string;
  siteHostNs: string;
  spokeHost: string;
}

function endsOf(l: Loaded): Ends {
  const t = tunnelOf(l, SITE_ROUTER);
  const site = l.lab.vnets.find((v) => v.name === t.site)!;
  const siteHost = site.vms.find((vm) => vm.role !== "router")!;
  const spokeHost = l.lab.spokes[0]!.vms.find((vm) => vm.role !== "router")!;
  return {
    hubNs: routerNode(l, t.hubEnd.vm).ns,
    sitePrefix: site.addressSpace[0]!,
    siteHostNs: l.topo.nodes.find((n) => n.vm.name === siteHost.name)!.ns,
    spokeHost: spokeHost.address,
  };
}

const routePresent = async (ns: string, prefix: string): Promise<boolean> =>
  (await run(["ip", "-n", ns, "route", "show", prefix])).stdout.trim() !== "";

/**
 * Polls the kernel route until it is `want` (present or absent): every POLL_MS at most, for at most
 * boundMs from t0 (or until `stop()` says the fault is over). Returns when it was first seen so,
 * with the previous poll's time (the change happened between the two), in ms from t0.
 */
async function pollRoute(
  ns: string,
  prefix: string,
  want: boolean,
  t0: number,
  boundMs: number,
  stop: () => boolean = () => false,
): Promise<{ at: number; previous: number; polls: number } | undefined> {
  let previous = 0;
  const maxPolls = Math.ceil(boundMs / POLL_MS) + 1;
  for (let i = 1; i <= maxPolls; i++) {
    const start = performance.now();
    if ((await routePresent(ns, prefix)) === want) return { at: performance.now() - t0, previous, polls: i };
    previous = performance.now() - t0;
    if (previous > boundMs || stop()) return undefined;
    await sleep(Math.max(0, POLL_MS - (performance.now() - start)));
  }
  return undefined;
}

/** ping -c N from the site host: loss % and how it failed ("+k errors": ICMP errors came back). */
async function sample(e: Ends): Promise<string> {
  const r = await run(
    inNs(e.siteHostNs, ["ping", "-n", "-q", "-c", String(SAMPLE.count), "-i", String(SAMPLE.intervalS), "-W", "1", e.spokeHost]),
    { check: false },
  );
  const loss = /(\d+(?:\.\d+)?)% packet loss/.exec(r.stdout)?.[1] ?? "?";
  const errors = /\+(\d+) errors/.exec(r.stdout)?.[1];
  if (loss === "0") return "0 % (flows)";
  return `${loss} %${errors ? ` (${errors} ICMP errors: no route, fails fast)` : " (silent: black-holed)"}`;
}

/**
 * Bounded in time and count: ms from t0 until one ping site host -> spoke host is answered (each
 * probe waits 0.5 s at most; one refused at once by an ICMP error is retried after POLL_MS).
 */
async function trafficBack(e: Ends, t0: number): Promise<number | undefined> {
  for (let i = 0; i < RECOVER_BOUND_MS / POLL_MS && performance.now() - t0 < RECOVER_BOUND_MS; i++) {
    const start = performance.now();
    const r = await run(inNs(e.siteHostNs, ["ping", "-n", "-q", "-c", "1", "-W", "0.5", e.spokeHost]), { check: false });
    if (r.code === 0) return performance.now() - t0;
    await sleep(Math.max(0, POLL_MS - (performance.now() - start)));
  }
  return undefined;
}

const ms = (x: number) => x.toFixed(0);
/** When a poll saw the change: between the previous poll and this one (the first poll: since the fault began). */
const window = (d: { at: number; previous: number; polls: number }) =>
  d.polls === 1 ? `${ms(d.at)} (first poll)` : `${ms(d.at)} (still there at ${ms(d.previous)})`;

/** routing: bgp: waits (bounded: 30 s, 20 ms apart at most) until both routers' sessions are Established and BFD up. */
async function steady(l: Loaded): Promise<void> {
  const t = tunnelOf(l, SITE_ROUTER);
  const ends = [routerNode(l, t.hubEnd.vm), routerNode(l, t.siteEnd.vm)];
  const t0 = performance.now();
  for (let i = 0; i < 1500 && performance.now() - t0 < 30_000; i++) {
    if ((await Promise.all(ends.map(sessionsUp))).every(Boolean)) return;
    await sleep(POLL_MS);
  }
  throw new Error(`${l.topo.stack}: BGP and BFD not up on ${ends.map((n) => n.vm.name).join(" and ")} within 30 s`);
}

async function measure(l: Loaded, mode: string, fault: Fault | HeldFault): Promise<string[]> {
  const e = endsOf(l);
  const held = (HELD_FAULTS as readonly string[]).includes(fault);
  // Measured from the steady state: every session up (with bgp) and traffic flowing.
  if (l.lab.routing === "bgp") await steady(l);
  if ((await trafficBack(e, performance.now())) === undefined)
    throw new Error(`${l.topo.stack}: site -> spoke does not flow before ${fault}`);
  const load = loadavg();
  const t0 = performance.now();
  let done = false;
  let applied = NaN;
  let lift: (() => Promise<void>) | undefined;
  const applying = (held ? hold(l, SITE_ROUTER, fault as HeldFault) : inject(l, SITE_ROUTER, fault as Fault)).then((x) => {
    applied = performance.now() - t0;
    done = true;
    if (typeof x === "function") lift = x;
  });
  // A held fault: looked for until the bound; one over when applied: until it is over.
  const [, detected] = await Promise.all([applying, pollRoute(e.hubNs, e.sitePrefix, false, t0, DETECT_BOUND_MS, () => !held && done)]);
  const during = held ? await sample(e) : "- (over when applied)";
  const t1 = performance.now();
  if (lift) await lift();
  const routeBack = await pollRoute(e.hubNs, e.sitePrefix, true, t1, RECOVER_BOUND_MS);
  const back = await trafficBack(e, t1);
  const v = await verify(l);
  return [
    mode,
    `${fault} on ${SITE_ROUTER}`,
    ms(applied),
    detected
      ? window(detected)
      : !held
        ? "not withdrawn (fault over first)"
        : l.lab.routing === "static"
          ? "never: black-holed"
          : `NOT within ${DETECT_BOUND_MS} ms`,
    during,
    !routeBack ? "NOT BACK" : routeBack.polls > 1 ? window(routeBack) : detected ? "0 (back before the fault ended)" : "stayed",
    back === undefined ? "NOT BACK" : ms(back),
    v.ok ? `${v.pairs.length}/${v.pairs.length}` : `DIFFERS (${v.pairs.filter((p) => !p.asExpected).length})`,
    load,
  ];
}

const FAULT_ORDER: readonly (Fault | HeldFault)[] = ["tunnel cut", "bgpd stop", "frr restart", "rebuild"];

async function main() {
  try {
    checkPrereqs();
  } catch (e) {
    console.log(`bench:convergence skipped: ${(e as Error).message}`);
    return;
  }
  const rows: string[][] = [];
  for (const routing of ["static", "bgp"] as const) {
    await withLab(
      variantStack(`bgp-bench-${routing}`, (lab) => (lab.routing = routing)),
      async (l) => {
        for (const fault of FAULT_ORDER) {
          if (fault === "bgpd stop" && routing === "static") {
            rows.push([routing, `${fault} on ${SITE_ROUTER}`, "-", "n/a: routing static runs no bgpd", "-", "-", "-", "-", loadavg()]);
            continue;
          }
          rows.push(await measure(l, routing, fault));
          console.log(rows.at(-1)!.join(" | "));
        }
      },
    );
  }
  const t = new Table({
    head: [
      "routing",
      "fault",
      "applied ms",
      "hub route to the site withdrawn ms",
      "during the fault: site->spoke ping loss",
      "route back after the fault ms",
      "site->spoke back after the fault ms",
      "matrix",
      "loadavg at start",
    ],
  });
  t.push(...rows);
  console.log(
    `Convergence (dev topology, faults on the site router ${SITE_ROUTER}, seen from the hub router; BFD 300 ms x 3; routes polled every ${POLL_MS} ms at most; ${os.cpus().length} CPU(s), loadavg now ${loadavg()}):`,
  );
  console.log(t.toString());
  console.log("Reproduce: sudo npm run bench:convergence (stacks bgp-bench-static, bgp-bench-bgp)");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
