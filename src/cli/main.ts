// The emulation's command line: up / verify / down / status / routes / exec, with tables for
// people, --json for machines, and exit codes 0 = as expected, 1 = some pairs differ (or a
// command failed), 2 = bad config or usage, 3 = prerequisites missing.
import { Command, CommanderError } from "commander";
import Table from "cli-table3";
import { inNs, runInteractive } from "../emu/exec.js";
import { vtyshArgv } from "../emu/frr.js";
import { down, StateError, status, up } from "../emu/lifecycle.js";
import { checkPrereqs } from "../emu/prereqs.js";
import { PrereqError } from "../prereq.js";
import { loadStack, type Loaded } from "../emu/stack.js";
import { ConfigError, loadLab } from "../model/load.js";
import { AZ_COLUMNS, azRows, UnknownVmError, vmRoutes } from "../emu/route-report.js";
import { nodeOf } from "../emu/namespaces.js";
import { verify, type VerifyResult } from "../emu/verify.js";
import { graphCommand } from "./graph.js";
import { impairCommand } from "./impair.js";
import { captureCommand } from "./capture.js";
import { planCommand } from "./plan.js";
import { CaptureError } from "../emu/capture.js";
import { ImpairError } from "../emu/impair.js";
import { renderGrid } from "./matrix.js";
import { upProgress } from "./progress.js";
import { FromFileError, verifyFrom } from "./verify-from.js";

export const EXIT = { ok: 0, differs: 1, usage: 2, prereq: 3 } as const;

class UsageError extends Error {
  override name = "UsageError";
}

const progress = (line: string) => process.stderr.write(`${line}\n`);

interface Common {
  stack: string;
  json?: boolean;
}

function table(head: string[], rows: string[][]): string {
  const t = new Table({ head, style: { head: [], border: [] }, wordWrap: true });
  t.push(...rows);
  return t.toString();
}

const out = (s: string) => process.stdout.write(`${s}\n`);

function printVerify(r: VerifyResult, json: boolean | undefined, wide?: boolean): number {
  if (json) out(JSON.stringify(r, null, 2));
  else if (!wide) out(renderGrid(r));
  else {
    out(
      table(
        ["From", "To", "Expected", "Ping", "TCP", "Traceroute", "Result"],
        r.pairs.map((p) => [
          p.from,
          `${p.to} (${p.destination})`,
          `${p.reachable ? "reachable" : "unreachable"}\n${p.hops.join(" ")}`,
          p.observed.ping ? "yes" : "no",
          p.observed.tcp ? "yes" : "no",
          p.observed.hops.join(" "),
          p.asExpected ? "as expected" : `DIFFERS: ${p.differences.join("; ")}`,
        ]),
      ),
    );
    const bad = r.pairs.filter((p) => !p.asExpected);
    if (r.underlay) out(`underlay: ${r.underlay}`);
    out(`${r.pairs.length - bad.length}/${r.pairs.length} pairs as expected${r.ms ? ` in ${r.ms} ms` : ""}`);
    if (bad.length) out(`differ: ${bad.map((p) => `${p.from} -> ${p.to}`).join(", ")}`);
  }
  return r.ok ? EXIT.ok : EXIT.differs;
}

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

function requireUp(loaded: Loaded): void {
  const s = status(loaded.topo);
  if (s.state !== "up")
    throw new StateError(`lab "${loaded.topo.stack}" is not up (state: ${s.state}); run \`up --stack ${loaded.topo.stack}\` first`);
}

/** verify also runs when a daemon died (namespaces all there): naming the pairs that breaks is its job. */
function requireNamespaces(loaded: Loaded): void {
  const s = status(loaded.topo);
  const dead = s.processes.filter((p) => !p.alive && p.what !== "socat listener");
  if (s.state === "partial" && s.namespaces.length && s.namespaces.every((n) => n.exists) && dead.length) {
    progress(`warning: lab "${loaded.topo.stack}" has dead processes: ${dead.map((p) => `${p.what} ${p.pid} in ${p.ns}`).join(", ")}`);
    return;
  }
  requireUp(loaded);
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

async function cmdDown(o: Common): Promise<number> {
  checkPrereqs();
  const { topo } = loadStack(o.stack);
  const stack = topo.stack;
  const r = await down(topo, progress);
  if (o.json) out(JSON.stringify({ stack, ...r }, null, 2));
  else out(`down ${stack}: ${r.namespaces} namespace(s), ${r.processes} process(es) removed in ${r.ms} ms`);
  return EXIT.ok;
}

async function cmdStatus(o: Common): Promise<number> {
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

async function cmdRoutes(vm: string, o: Common): Promise<number> {
  const loaded = loadStack(o.stack);
  const r = await vmRoutes(loaded.lab, loaded.topo, vm);
  if (o.json) out(JSON.stringify(r, null, 2));
  else {
    out(`Effective routes of ${r.vm}'s NIC (${r.vnet}/${r.subnet}), as az network nic show-effective-route-table:`);
    out(table([...AZ_COLUMNS], azRows(r.effective)));
    out(r.kernel ? `Kernel routes inside ${r.vm}:\n${r.kernel.map((l) => `  ${l}`).join("\n")}` : `(lab not up: no kernel routes)`);
  }
  return EXIT.ok;
}

function cmdExec(vm: string, command: string[], o: Common): number {
  const loaded = loadStack(o.stack);
  checkPrereqs();
  requireUp(loaded);
  const node = nodeOf(loaded.topo, vm);
  if (!node)
    throw new UnknownVmError(
      vm,
      loaded.topo.nodes.map((n) => n.vm.name),
    );
  if (!command.length) throw new UsageError("exec needs a command after --, e.g. exec vm-hub00 -- ip route");
  if (command[0] === "vtysh" && !node.runDir) throw new UsageError(`${vm} is not a router: it runs no FRR`);
  return runInteractive(command[0] === "vtysh" ? vtyshArgv(node, command.slice(1)) : inNs(node.ns, command));
}

export function program(): Command {
  const p = new Command("hub-spoke-vxlan-lab")
    .description(
      "Local emulation of the hub-spoke-vxlan lab: network namespaces, kernel VXLAN, FRR, fed with the rendered cloud-init documents.",
    )
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const common = (c: Command) =>
    c
      .option("--stack <stack>", "dev, seed, peering, or a path to a Pulumi.<stack>.yaml", "dev")
      .option("--json", "machine-readable output on stdout");
  common(
    p
      .command("up")
      .description("create the lab")
      .option("--verify", "verify right after up")
      .option("--wide", "with --verify: the per-pair table instead of the grid"),
  ).action(async (o) => {
    code = await cmdUp(o);
  });
  common(p.command("verify").description("probe every pair of VMs and compare with the model"))
    .option("--wide", "the per-pair table instead of the grid")
    .option("--from <file>", "judge Azure's answers instead (stack output `verification` or az vm run-command invoke JSON); no lab needed")
    .action(async (o) => {
      code = await cmdVerify(o);
    });
  common(p.command("down").description("remove everything the lab made")).action(async (o) => {
    code = await cmdDown(o);
  });
  common(p.command("status").description("what exists of the lab")).action(async (o) => {
    code = await cmdStatus(o);
  });
  common(p.command("routes").argument("<vm>").description("effective (Azure) and kernel routes of a VM")).action(async (vm, o) => {
    code = await cmdRoutes(vm, o);
  });
  common(
    p.command("exec").argument("<vm>").argument("[command...]").description("run a command inside a VM (vtysh finds its router's daemons)"),
  ).action((vm, command, o) => {
    code = cmdExec(vm, command, o);
  });
  p.addCommand(graphCommand((c) => (code = c)));
  p.addCommand(impairCommand((c) => (code = c)));
  p.addCommand(captureCommand((c) => (code = c)));
  p.addCommand(planCommand((c) => (code = c)));
  return p;
}

let code: number = EXIT.ok;

export async function main(argv: string[]): Promise<number> {
  code = EXIT.ok;
  try {
    await program().parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const msg = e instanceof Error ? e.message : String(e);
    progress(`error: ${msg}`);
    if (
      e instanceof ConfigError ||
      e instanceof StateError ||
      e instanceof UsageError ||
      e instanceof UnknownVmError ||
      e instanceof FromFileError
    )
      return EXIT.usage;
    if (e instanceof PrereqError || (e instanceof ImpairError && e.prereq)) return EXIT.prereq;
    if (e instanceof ImpairError || e instanceof CaptureError) return EXIT.usage;
    return EXIT.differs;
  }
}
