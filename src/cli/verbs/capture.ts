// `lab capture <vm>`: tcpdump inside the VM's namespace (src/emu/commands/capture.ts), bounded by count and time.
import { Command } from "commander";
import { capture } from "../../emu/capture.js";
import { CAPTURE_DEFAULTS, CaptureError } from "../../emu/commands/capture.js";
import { checkPrereqs } from "../../emu/prereqs.js";
import { PrereqError } from "../../prereq.js";
import { loadStack } from "../../emu/stack.js";
import { hostHas } from "../../emu/exec.js";
import { STACK_OPTION, type Done } from "../options.js";
import { requireUp } from "../lab-up.js";

export function captureCommand(done: Done): Command {
  return new Command("capture")
    .description("tcpdump inside a VM's namespace (VXLAN decoded, also on a non-default port), bounded by -c and --seconds")
    .argument("<vm>")
    .argument("[filter...]", "tcpdump filter, after --")
    .option(...STACK_OPTION)
    .option("--dev <dev>", "interface inside the VM: eth0, vxlan0, ...", "eth0")
    .option("-w, --write <file>", "write a pcap instead of printing")
    .option("-c, --count <n>", `stop after n packets (default ${CAPTURE_DEFAULTS.count})`)
    .option("--seconds <n>", `stop after n seconds (default ${CAPTURE_DEFAULTS.seconds})`)
    .action(async (vm: string, filter: string[], o: { stack: string; dev: string; write?: string; count?: string; seconds?: string }) => {
      const loaded = loadStack(o.stack);
      checkPrereqs();
      if (!hostHas("tcpdump")) throw new PrereqError("capture needs tcpdump: apt-get install tcpdump (or: npm run setup)");
      requireUp(loaded.topo.stack);
      const num = (t: string | undefined, what: string) => {
        if (t === undefined) return undefined;
        const n = Number(t);
        if (!Number.isFinite(n)) throw new CaptureError(`${what} ${t}: not a number`);
        return n;
      };
      const r = await capture(loaded, {
        vm,
        dev: o.dev,
        ...(o.write ? { file: o.write } : {}),
        ...(o.count ? { count: num(o.count, "-c")! } : {}),
        ...(o.seconds ? { seconds: num(o.seconds, "--seconds")! } : {}),
        filter,
      });
      // timeout exits 124 when time ran out: a bounded capture, not a failure.
      done(r.code === 0 || r.code === 124 || r.code === 130 ? 0 : 1);
    });
}
