// Benchmark (numbers, not assertions): `verify` at three sizes — dev (12 pairs, all reachable),
// seed (12 pairs, some unreachable by design), 3x4 fixture (110 pairs, most unreachable by design).
// Part of `npm run bench`; alone: npx tsx bench/verify-sizes.ts (root, under the emulation lock).
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
      rows.push([loaded.topo.stack, String(loaded.topo.nodes.length), asExpected, ms.join(" / ")]);
    } finally {
      await down(loaded.topo.stack);
    }
  }
  const t = new Table({ head: ["verify: stack", "VMs", "as expected", `ms, ${rounds} rounds (goal: dev < 1000, 11 VMs <= 2000)`] });
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
