// One scale point: npx tsx bench/one.ts <sites> [spokes] (up, print phase times, down).
import { tryBuildLab } from "../src/model/build.js";
import { buildTopology } from "../src/emu/commands/topology.js";
import { down, up } from "../src/emu/lifecycle.js";
import { bigLabConfig } from "./topologies.js";

async function main() {
  const sites = Number(process.argv[2] ?? 50);
  const spokes = Number(process.argv[3] ?? 5);
  const r = tryBuildLab(bigLabConfig(sites, spokes));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const loaded = { lab: r.lab, topo: buildTopology(r.lab, `bench${sites}x${spokes}`), stackFile: "(generated)" };
  await down(loaded.topo.stack);
  const u = await up(loaded);
  const d = await down(loaded.topo.stack);
  console.log(JSON.stringify({ sites, spokes, vms: loaded.topo.nodes.length, upMs: u.totalMs, phases: u.timings, downMs: d.ms }));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
