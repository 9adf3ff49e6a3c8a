// `lab status`: what exists of the lab (namespaces, recorded processes); exit 1 when partly up.
import { Command } from "commander";
import { status } from "../../emu/lifecycle.js";
import { loadStack } from "../../emu/stack.js";
import { common, EXIT, out, table, type Common, type Done } from "../options.js";

function cmdStatus(o: Common): number {
  const { topo } = loadStack(o.stack);
  const stack = topo.stack;
  const s = status(topo);
  if (o.json) out(JSON.stringify(s, null, 2));
  else {
    out(`lab ${stack}: ${s.state}`);
    if (s.namespaces.length)
      out(
        table(
          ["Namespace", "Exists"],
          s.namespaces.map((n) => [n.ns, n.exists ? "yes" : "no"]),
        ),
      );
    if (s.processes.length)
      out(
        table(
          ["PID", "What", "Namespace", "Alive"],
          s.processes.map((p) => [String(p.pid), p.what, p.ns, p.alive ? "yes" : "no"]),
        ),
      );
  }
  return s.state === "up" || s.state === "down" ? EXIT.ok : EXIT.differs;
}

export const statusCommand = (done: Done): Command =>
  common(new Command("status").description("what exists of the lab")).action(async (o) => done(cmdStatus(o)));
