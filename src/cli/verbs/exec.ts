// `lab exec <vm> -- <command>`: a command inside a VM's namespace; vtysh finds its router's daemons.
import { Command } from "commander";
import { runInteractive } from "../../emu/exec.js";
import { inNs } from "../../emu/commands/argv.js";
import { vtyshArgv } from "../../emu/commands/frr.js";
import { nodeOf } from "../../emu/commands/topology.js";
import { checkPrereqs } from "../../emu/prereqs.js";
import { UnknownVmError } from "../../emu/route-report.js";
import { loadStack } from "../../emu/stack.js";
import { common, UsageError, type Common, type Done } from "../options.js";
import { requireUp } from "../lab-up.js";

function cmdExec(vm: string, command: string[], o: Common): number {
  const loaded = loadStack(o.stack);
  checkPrereqs();
  requireUp(loaded.topo.stack);
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

export const execCommand = (done: Done): Command =>
  common(
    new Command("exec")
      .argument("<vm>")
      .argument("[command...]")
      .description("run a command inside a VM (vtysh finds its router's daemons)"),
  ).action((vm, command, o) => done(cmdExec(vm, command, o)));
