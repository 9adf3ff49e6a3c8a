// `lab down`: remove every namespace and stop every process the lab made (by PID).
import { Command } from "commander";
import { down } from "../../emu/lifecycle.js";
import { checkPrereqs } from "../../emu/prereqs.js";
import { loadStack } from "../../emu/stack.js";
import { common, EXIT, out, progress, type Common, type Done } from "../options.js";

async function cmdDown(o: Common): Promise<number> {
  checkPrereqs();
  const { topo } = loadStack(o.stack);
  const stack = topo.stack;
  const r = await down(topo, progress);
  if (o.json) out(JSON.stringify({ stack, ...r }, null, 2));
  else out(`down ${stack}: ${r.namespaces} namespace(s), ${r.processes} process(es) removed in ${r.ms} ms`);
  return EXIT.ok;
}

export const downCommand = (done: Done): Command =>
  common(new Command("down").description("remove everything the lab made")).action(async (o) => done(await cmdDown(o)));
