// The emulation's command line, assembled from one module per verb (verbs/), with tables for people,
// --json for machines, and the exit codes of options.ts. Importing it runs nothing (entry.ts does).
import { Command, CommanderError } from "commander";
import { StateError } from "../emu/lifecycle.js";
import { CaptureError } from "../emu/commands/capture.js";
import { ImpairError } from "../emu/commands/impair.js";
import { UnknownVmError } from "../emu/route-report.js";
import { ConfigError } from "../model/load.js";
import { PrereqError } from "../prereq.js";
import { FromFileError } from "./verify-from.js";
import { EXIT, progress, UsageError, type Done } from "./options.js";
import { upCommand } from "./verbs/up.js";
import { verifyCommand } from "./verbs/verify.js";
import { downCommand } from "./verbs/down.js";
import { statusCommand } from "./verbs/status.js";
import { routesCommand } from "./verbs/routes.js";
import { execCommand } from "./verbs/exec.js";
import { graphCommand } from "./verbs/graph.js";
import { impairCommand } from "./verbs/impair.js";
import { captureCommand } from "./verbs/capture.js";
import { planCommand } from "./verbs/plan.js";

/** The verbs, in the order help lists them. */
const VERBS: readonly ((done: Done) => Command)[] = [
  upCommand,
  verifyCommand,
  downCommand,
  statusCommand,
  routesCommand,
  execCommand,
  graphCommand,
  impairCommand,
  captureCommand,
  planCommand,
];

const OUTPUT = { writeErr: (s: string) => process.stderr.write(s) };

export function program(): Command {
  const p = new Command("hub-spoke-vxlan-lab")
    .description(
      "Local emulation of the hub-spoke-vxlan lab: network namespaces, kernel VXLAN, FRR, fed with the rendered cloud-init documents.",
    )
    .exitOverride()
    .configureOutput(OUTPUT);
  for (const verb of VERBS)
    p.addCommand(
      verb((c) => (code = c))
        .exitOverride()
        .configureOutput(OUTPUT),
    );
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
