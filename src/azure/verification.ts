// The verify matrix on the real VMs: per deployed VM one run-command that runs the rendered probe
// (the bytes the emulation runs) against every other VM once the whole data path exists; its
// output is judged by src/probe/contract.ts exactly as the emulation's, into the `verification` output.
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/azure-native/compute";
import type { Lab } from "../model/types.js";
import { verifyRunCommandName } from "../config/resource-names.js";
import { azureTargets, notRun, onDeploy, verification, type Verification } from "../probe/verification.js";
import { PROBE_INTERPRETER, PROBE_PATH, renderProbe } from "../render/probe.js";
import { modelDigest, modelLine } from "../probe/model-digest.js";
import { probeArgs, routerLinks } from "../probe/links.js";
import { bgpExpectations } from "../probe/bgp.js";
import { TYPE_PREFIX, type Placement } from "./common.js";

export const RUN_COMMAND_NAME = "hsv-verify";
/** A failing ping is retried this long: the other VMs' cloud-init may still be running. */
export const RETRY_SECONDS = 180;
/** cloud-init wait (at most 1800 s, in the probe) + retries + probing. */
export const RUN_TIMEOUT_SECONDS = 2400;
const PROBE_END = "HSV_PROBE_END";

/** The run-command's script: the rendered probe written to a temp file and run with this VM's targets. */
export function runCommandScript(lab: Lab, vm: string, targets: readonly string[]): string {
  const links = routerLinks(lab).get(vm) ?? [];
  const bgp = bgpExpectations(lab).some((e) => e.vm === vm) ? {} : undefined;
  const probe = renderProbe();
  if (probe.split("\n").includes(PROBE_END)) throw new Error(`the probe contains its here-document delimiter ${PROBE_END}`);
  // -c: wait for this VM's cloud-init (packages, files); -r: others may still boot; -s: Linux
  // rate-limits ICMP errors per destination, so traceroutes through one router go one a second.
  return [
    "#!/bin/sh",
    `# hub-spoke-vxlan verify run ${lab.config.verify.run} on ${vm}: the rendered ${PROBE_PATH} (same bytes), against every other VM`,
    // Any change of the model changes this line, so the script, so Azure runs the check again.
    `echo '${modelLine(modelDigest(lab))}'`,
    "probe=$(mktemp) || exit 1",
    `cat >"$probe" <<'${PROBE_END}'`,
    `${probe}${PROBE_END}`,
    `${PROBE_INTERPRETER} "$probe" -c -r ${RETRY_SECONDS} -s ${probeArgs(links, targets, bgp).join(" ")}`,
    "rc=$?",
    'rm -f "$probe"',
    "exit $rc",
    "",
  ].join("\n");
}

export interface VerificationArgs extends Placement {
  readonly lab: Lab;
  /** Everything on any path between the VMs: VMs, connections, peerings, route tables, NSGs. */
  readonly dataPath: readonly pulumi.Resource[];
  /** The Azure VMs by model name: each run-command lives on its VM and goes with it. */
  readonly vms: ReadonlyMap<string, compute.VirtualMachine>;
}

export class LabVerification extends pulumi.ComponentResource {
  readonly result: pulumi.Output<Verification>;

  constructor(name: string, args: VerificationArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TYPE_PREFIX}:Verification`, name, {}, opts);
    const { lab } = args;
    const decision = onDeploy(lab);
    if (!decision.on) {
      this.result = pulumi.output(decision.reason).apply((reason) => notRun(lab, reason));
      this.registerOutputs({});
      return;
    }
    const outputs = [...azureTargets(lab)].map(([vm, targets]) => {
      const azureVm = args.vms.get(vm);
      if (!azureVm) throw new Error(`unreachable: no Azure VM for ${vm} (the model deploys every VM it probes from)`);
      const rc = new compute.VirtualMachineRunCommandByVirtualMachine(
        verifyRunCommandName(vm),
        {
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          // The VM's own output, not its name as a string: a property dependency, so a replaced VM
          // (vms.ts: any osProfile change) replaces its run-command too. The engine replaces a
          // dependent only through a property dependency or deletedWith (pulumi/pulumi
          // pkg/resource/deploy/step_generator.go calculateDependentReplacements), while a run-command
          // (virtualMachines/runCommands) is a child resource of its VM, and child resources "exist
          // only within the context of another resource" and are "deleted if the parent resource is
          // deleted" (learn.microsoft.com/azure/azure-resource-manager/templates/child-resource-name-type,
          // .../deployment-complete-mode-deletion): a plain string left a run-command in the state
          // that Azure no longer had, and every later read of it failed with 404.
          vmName: azureVm.name,
          runCommandName: RUN_COMMAND_NAME,
          // false: provisioning waits for the script to complete (learn.microsoft.com/en-us/rest/api/compute/virtual-machine-run-commands/create-or-update)
          asyncExecution: false,
          timeoutInSeconds: RUN_TIMEOUT_SECONDS,
          // A probe that finds differences is a result, not a failed deployment.
          treatFailureAsDeploymentFailure: false,
          source: { script: runCommandScript(lab, vm, targets) },
        },
        // deletedWith: the engine skips the run-command's delete when its VM is deleted too, so
        // `destroy` never asks a deallocated VM for an extension change (docs/deploy-azure.md,
        // nightly shutdown); Azure removes the child with its VM.
        { parent: this, dependsOn: [...args.dataPath], deletedWith: azureVm },
      );
      // The output stream is in the instance view, returned only with $expand=instanceView
      // (https://aka.ms/runcommandmanaged#get-execution-status-and-results; without it the fields
      // are null: github.com/Azure/azure-powershell/issues/17757). Read after the command ran.
      const view = compute.getVirtualMachineRunCommandByVirtualMachineOutput({
        resourceGroupName: args.resourceGroupName,
        vmName: azureVm.name,
        runCommandName: rc.id.apply(() => RUN_COMMAND_NAME),
        expand: "instanceView",
      });
      return view.apply((v) => [vm, v.instanceView?.output] as const);
    });
    this.result = pulumi.all(outputs).apply((list) => {
      const v = verification(lab, new Map(list));
      if (!v.ok) {
        const down = v.links.filter((l) => !l.up).length;
        const pairs = v.pairs.filter((p) => !p.asExpected).length;
        const routing = (v.routing ?? []).filter((r) => !r.ok).length;
        void pulumi.log.warn(
          `verify: ${pairs} pair(s) differ${down ? `, ${down} tunnel link(s) not up` : ""}${routing ? `, ${routing} router(s)' BGP` : ""} from the model:\n${v.differences.map((d) => `  ${d}`).join("\n")}`,
        );
      }
      return v;
    });
    this.registerOutputs({});
  }
}
