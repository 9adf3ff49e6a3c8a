// Benchmark (numbers, not assertions): `verify` at three sizes — dev (12 pairs, all reachable),
// seed (12 pairs, some unreachable by design), 3x4 fixture (12 VMs, 132 pairs, a third unreachable by
// design) — as the verify call alone and as the whole command a user types (`npm run lab -- verify`,
// Node and npm start-up included). Part of `npm run bench`; alone: npx tsx bench/verify-sizes.ts (root).
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import Table from "cli-table3";
import { down, up } from "../src/emu/lifecycle.js";
import { loadStack } from "../src/emu/stack.js";
import { verify } from "../src/emu/verify.js";

export const VERIFY_SIZES = ["dev", "seed", "test/fixtures/Pulumi.3x4.yaml"] as const;

export async function benchVerifySizes(rounds = 3): Promise<string> {
  const rows: string[][] = [];
  for (const stack of VERIFY_SIZES) {
    const loaded = loadStack(stack);
    await down(loaded.topo.stack);
    await up(loaded);
    try {
      const ms: number[] = [];
      let asExpected = "";
      for (let i = 0; i < rounds; i++) {
        const v = await verify(loaded);
        ms.push(v.ms);
        asExpected = `${v.pairs.filter((p) => p.asExpected).length}/${v.pairs.length}`;
      }
      const whole: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const t0 = performance.now();
        spawnSync("npm", ["run", "-s", "lab", "--", "verify", "--stack", stack], { stdio: "ignore" });
        whole.push(Math.round(performance.now() - t0));
      }
      rows.push([loaded.topo.stack, String(loaded.topo.nodes.length), asExpected, ms.join(" / "), whole.join(" / ")]);
    } finally {
      await down(loaded.topo.stack);
    }
  }
  const t = new Table({
    head: [
      "verify: stack",
      "VMs",
      "as expected",
      `verify() ms, ${rounds} rounds`,
      `npm run lab -- verify ms, ${rounds} rounds (goal: 11 VMs <= 2500)`,
    ],
  });
  t.push(...rows);
  return t.toString();
}

if (require.main === module) {
  benchVerifySizes().then(
    (s) => console.log(s),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
