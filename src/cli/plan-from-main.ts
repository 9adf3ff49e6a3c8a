// A child process of `lab plan --from` (plan-from.ts): runs index.ts under Pulumi's mock monitor
// for one stack file, as stack <name>, and writes the registered resources as JSON to <out>. A
// process per config, so that each import of the program starts from a clean module cache.
// Usage: plan-from-main <stack file> <stack name> <out.json>
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { readStackFile } from "../config/stack-file.js";
import { tryBuildLab } from "../model/build.js";
import { healthyOutputs } from "../probe/verification.js";
import { programConfig, programMocks, recorded, startRecording } from "../azure/mock-program.js";

/** Stands in for the stack's key when its file has none: the key is an osProfile input, the same in both runs. */
export const PLACEHOLDER_SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIP7+osI15xyIU07Ia2q2TrAV8cVnjZpaVT3wkin0MM63 lab-plan";

async function main(file: string, stack: string, out: string): Promise<void> {
  const { waitForRPCs } = createRequire(__filename)("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
  const sf = readStackFile(file);
  // A stack file without a lab passes no lab key, as Pulumi would.
  const config = programConfig({
    labText: sf.lab === undefined ? undefined : JSON.stringify(sf.lab),
    sshPublicKey: sf.sshPublicKey ?? PLACEHOLDER_SSH_KEY,
    location: sf.location,
  });
  const built = tryBuildLab(sf.lab);
  const outputs = built.ok ? Object.fromEntries(healthyOutputs(built.lab)) : undefined;
  startRecording();
  pulumi.runtime.setAllConfig(config, []);
  await pulumi.runtime.setMocks(
    programMocks(() => outputs),
    "hub-spoke-vxlan",
    stack,
    false,
  );
  const program = (await import("../../index.js")) as Record<string, unknown>;
  for (const v of Object.values(program)) if (pulumi.Output.isInstance(v)) await new Promise((resolve) => v.apply(resolve));
  await waitForRPCs();
  writeFileSync(out, JSON.stringify(recorded().resources));
}

const [file, stack, out] = process.argv.slice(2);
if (!file || !stack || !out) {
  console.error("usage: plan-from-main <stack file> <stack name> <out.json>");
  process.exit(2);
}
main(file, stack, out).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
