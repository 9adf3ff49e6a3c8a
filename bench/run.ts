// Benchmark (numbers, not assertions): seed lab up/verify/down and per-phase times; verify at three
// sizes (verify-sizes.ts); N sites x 5 spokes up time, memory and cost per site. Run as root: npm run bench
// The other benches: npm run bench:fixes (bench/fixes.ts: throughput and fault recovery of the fixes),
// npm run bench:convergence (bench/convergence.ts: static vs BGP + BFD, detection and recovery per fault).
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import os from "node:os";
import Table from "cli-table3";
import { tryBuildLab } from "../src/model/build.js";
import { formatProblems } from "../src/config/problems.js";
import { buildTopology } from "../src/emu/commands/topology.js";
import { down, up } from "../src/emu/lifecycle.js";
import { checkPrereqs } from "../src/emu/prereqs.js";
import { loadStack, type Loaded } from "../src/emu/stack.js";
import { readState } from "../src/emu/state.js";
import { verify } from "../src/emu/verify.js";
import { bigLabConfig } from "./topologies.js";
import { benchVerifySizes } from "./verify-sizes.js";

const memAvailableKiB = () => Number(/MemAvailable:\s+(\d+)/.exec(readFileSync("/proc/meminfo", "utf8"))?.[1] ?? 0);
const rssKiB = (pid: number) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
};
const mib = (kib: number) => (kib / 1024).toFixed(1);

function loadedFor(sites: number, spokes: number): Loaded {
  const r = tryBuildLab(bigLabConfig(sites, spokes));
  if (!r.ok) throw new Error(formatProblems(r.problems));
  return { lab: r.lab, topo: buildTopology(r.lab, `bench${sites}x${spokes}`), stackFile: "(generated)" };
}

async function main() {
  try {
    checkPrereqs();
  } catch (e) {
    console.log(`bench skipped: ${(e as Error).message}`);
    return;
  }
  console.log(`host: ${os.cpus().length} CPU(s), ${os.release()}, node ${process.version}`);

  // Seed lab: up, verify, down (3 rounds, each number shown).
  const seedRows: string[][] = [];
  const phases: Record<string, number[]> = {};
  const seed = loadStack("seed");
  await down(seed.topo.stack);
  for (let i = 1; i <= 3; i++) {
    const u = await up(seed);
    for (const [k, v] of Object.entries(u.timings)) (phases[k] ??= []).push(v);
    const v = await verify(seed);
    const d = await down(seed.topo.stack);
    seedRows.push([
      String(i),
      String(u.totalMs),
      String(v.ms),
      `${v.pairs.filter((p) => p.asExpected).length}/${v.pairs.length}`,
      String(d.ms),
    ]);
  }
  const t1 = new Table({ head: ["seed round", "up ms (goal < 1000)", "verify ms (goal < 10000)", "as expected", "down ms (goal < 2000)"] });
  t1.push(...seedRows);
  console.log(t1.toString());
  const t2 = new Table({ head: ["seed phase", "ms per round"] });
  t2.push(...Object.entries(phases).map(([k, v]) => [k, v.join(" / ")]));
  console.log(t2.toString());

  // verify at three sizes (one probe run per VM, targets concurrent).
  console.log(await benchVerifySizes());

  // Scale: N sites x 5 spokes.
  const scaleRows: string[][] = [];
  for (const sites of [10, 25, 50]) {
    const l = loadedFor(sites, 5);
    await down(l.topo.stack);
    const before = memAvailableKiB();
    const t0 = performance.now();
    const u = await up(l);
    const upMs = Math.round(performance.now() - t0);
    const after = memAvailableKiB();
    const pids = readState(l.topo.stateFile)?.pids ?? [];
    const frrRss = pids.reduce((s, p) => s + rssKiB(p.pid), 0);
    const d = await down(l.topo.stack);
    const delta = Math.max(0, before - after);
    scaleRows.push([
      `${sites} x 5`,
      String(l.topo.nodes.length),
      String(upMs),
      Object.entries(u.timings)
        .map(([k, v]) => `${k} ${v}`)
        .join(", "),
      (upMs / sites).toFixed(0),
      mib(frrRss),
      mib(delta),
      mib(delta / sites),
      String(d.ms),
    ]);
  }
  const t3 = new Table({
    head: ["sites x spokes", "VMs", "up ms", "phases ms", "up ms/site", "FRR RSS MiB", "MemAvailable delta MiB", "MiB/site", "down ms"],
    wordWrap: true,
    colWidths: [9, 6, 8, 40, 8, 8, 11, 8, 8],
  });
  t3.push(...scaleRows);
  console.log(t3.toString());
  console.log(
    "goal: 50 x 5 up < 8000 ms on 2 cores (npx tsx bench/one.ts 50 5 measures that point alone). MemAvailable delta includes page cache noise; FRR RSS counts shared pages per process.",
  );
}

main().catch(async (e) => {
  console.error(e);
  process.exit(1);
});
