// `lab status`: what exists of the lab (namespaces, recorded processes); exit 1 when partly up.
import { Command } from "commander";
import { status } from "../../emu/lifecycle.js";
import { loadStack } from "../../emu/stack.js";
import { lbHealth } from "../../emu/lb.js";
import { common, EXIT, out, table, type Common, type Done } from "../options.js";

function cmdStatus(o: Common): number {
  const { topo } = loadStack(o.stack);
  const stack = topo.stack;
  const s = status(topo);
  // hub.pair: the emulated load balancer's view of its backends, as its prober last saw them.
  const lb = s.state === "down" ? undefined : lbHealth(topo);
  if (o.json) out(JSON.stringify(lb ? { ...s, loadBalancer: lb } : s, null, 2));
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
    if (lb)
      out(
        table(
          ["Load balancer backend", "Health", "Last probe", "Answer"],
          lb.backends.map((b) => [b.name, b.up ? "up" : "down", b.last ?? "-", b.detail ?? "-"]),
        ),
      );
  }
  return s.state === "up" || s.state === "down" ? EXIT.ok : EXIT.differs;
}

export const statusCommand = (done: Done): Command =>
  common(new Command("status").description("what exists of the lab")).action(async (o) => done(cmdStatus(o)));
