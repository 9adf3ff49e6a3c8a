// `lab verify [--wide] [--from FILE]`: probe every pair of VMs in the running lab (or judge Azure's
// answers from a file) and compare with the model.
import { Command } from "commander";
import { status } from "../../emu/lifecycle.js";
import { checkPrereqs } from "../../emu/prereqs.js";
import { loadStack, type Loaded } from "../../emu/stack.js";
import { verify } from "../../emu/verify.js";
import { loadLab } from "../../model/load.js";
import { countLine, expectsPing, type VerifyResult } from "../../probe/contract.js";
import { renderGrid } from "../matrix.js";
import { renderRouting } from "../routing.js";
import { verifyFrom } from "../verify-from.js";
import { common, EXIT, out, progress, table, type Common, type Done } from "../options.js";
import { requireUp } from "../lab-up.js";
import { LISTENER_WHAT } from "../../emu/processes.js";

/** The grid (default), the per-pair table (wide) or JSON; the exit code says whether every pair is as expected. */
export function printVerify(r: VerifyResult, json: boolean | undefined, wide?: boolean): number {
  if (json) out(JSON.stringify(r, null, 2));
  else if (!wide) out(renderGrid(r));
  else {
    out(
      table(
        ["From", "To", "Expected", "Ping", "TCP", "Traceroute", "Result"],
        r.pairs.map((p) => [
          p.from,
          `${p.to} (${p.destination})`,
          `${p.reachable ? (expectsPing(p) ? "reachable" : "tcp only, no ping") : "unreachable"}\n${p.hops.join(" ")}`,
          p.observed.ping ? "yes" : "no",
          p.observed.tcp ? "yes" : "no",
          p.observed.hops.join(" "),
          p.asExpected ? "as expected" : `DIFFERS: ${p.differences.join("; ")}`,
        ]),
      ),
    );
    const bad = r.pairs.filter((p) => !p.asExpected);
    if (r.underlay) out(`underlay: ${r.underlay}`);
    out(countLine(r.pairs, r.ms));
    if (bad.length) out(`differ: ${bad.map((p) => `${p.from} -> ${p.to}`).join(", ")}`);
    const routing = renderRouting(r.routing);
    if (routing.length) out(routing.join("\n"));
  }
  return r.ok ? EXIT.ok : EXIT.differs;
}

/** verify also runs when a daemon died (namespaces all there): naming the pairs that breaks is its job. */
function requireNamespaces(loaded: Loaded): void {
  const s = status(loaded.topo);
  const dead = s.processes.filter((p) => !p.alive && p.what !== LISTENER_WHAT);
  if (s.state === "partial" && s.namespaces.length && s.namespaces.every((n) => n.exists) && dead.length) {
    progress(`warning: lab "${loaded.topo.stack}" has dead processes: ${dead.map((p) => `${p.what} ${p.pid} in ${p.ns}`).join(", ")}`);
    return;
  }
  requireUp(loaded.topo.stack);
}

async function cmdVerify(o: Common & { wide?: boolean; from?: string }): Promise<number> {
  if (o.from) {
    const { lab, stack } = loadLab(o.stack);
    return printVerify(verifyFrom(lab, stack, o.from), o.json, o.wide);
  }
  const loaded = loadStack(o.stack);
  checkPrereqs();
  requireNamespaces(loaded);
  return printVerify(await verify(loaded, progress), o.json, o.wide);
}

export const verifyCommand = (done: Done): Command =>
  common(new Command("verify").description("probe every pair of VMs and compare with the model"))
    .option("--wide", "the per-pair table instead of the grid")
    .option("--from <file>", "judge Azure's answers instead (stack output `verification` or az vm run-command invoke JSON); no lab needed")
    .action(async (o) => done(await cmdVerify(o)));
