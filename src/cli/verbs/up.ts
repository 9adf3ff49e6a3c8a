// `lab up [--verify]`: build the lab in namespaces, optionally verify it right away.
import { Command } from "commander";
import { up } from "../../emu/lifecycle.js";
import { loadStack } from "../../emu/stack.js";
import { verify } from "../../emu/verify.js";
import { upProgress } from "../progress.js";
import { common, EXIT, out, progress, table, type Common, type Done } from "../options.js";
import { printVerify } from "./verify.js";

async function cmdUp(o: Common & { verify?: boolean; wide?: boolean }): Promise<number> {
  const loaded = loadStack(o.stack);
  const shown = upProgress();
  const r = await up(loaded, shown.progress).finally(() => shown.done());
  if (!o.verify) {
    if (o.json) out(JSON.stringify({ stack: loaded.topo.stack, ...r }, null, 2));
    else out(table(["Phase", "ms"], [...Object.entries(r.timings).map(([k, v]) => [k, String(v)]), ["total", String(r.totalMs)]]));
    return EXIT.ok;
  }
  const v = await verify(loaded, progress);
  if (o.json) {
    out(JSON.stringify({ up: r, verify: v }, null, 2));
    return v.ok ? EXIT.ok : EXIT.differs;
  }
  progress(
    `up: ${Object.entries(r.timings)
      .map(([k, ms]) => `${k} ${ms} ms`)
      .join(", ")}; total ${r.totalMs} ms`,
  );
  return printVerify(v, false, o.wide);
}

export const upCommand = (done: Done): Command =>
  common(
    new Command("up")
      .description("create the lab")
      .option("--verify", "verify right after up")
      .option("--wide", "with --verify: the per-pair table instead of the grid"),
  ).action(async (o) => done(await cmdUp(o)));
