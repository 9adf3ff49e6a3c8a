// Runs index.ts under pulumi.runtime.setMocks for a stack file and records what the engine would
// see: every registered resource (type, name, parent, inputs, secret inputs, dependencies,
// options), the stack outputs and the warnings. Config is set BEFORE the program is imported,
// and the program is imported dynamically after setMocks (a static import bypasses the mocks).
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { vi } from "vitest";
import { tryBuildLab } from "../../src/model/build.js";
import { readStackFile } from "../../src/config/stack-file.js";
import { healthyOutputs } from "../../src/probe/verification.js";
import { programConfig, programMocks, recorded, startRecording, type Registered } from "../../src/azure/mock-program.js";

const req = createRequire(__filename);
// Same module instances as the program's own @pulumi/pulumi (both come from Node's require cache).
const pulumiCjs = req("@pulumi/pulumi") as typeof pulumi;
const { waitForRPCs } = req("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

export type { Registered } from "../../src/azure/mock-program.js";

export const TEST_SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIP7+osI15xyIU07Ia2q2TrAV8cVnjZpaVT3wkin0MM63 mock@test";

/** What the mocked run-commands printed, per VM (runProgram's runCommandOutputs). */
let runCommandOutputs: Readonly<Record<string, string>> | undefined;
const mocks = programMocks(() => runCommandOutputs);

export interface RunOptions {
  /** Stack name ("dev") or a stack file path. */
  readonly stack: string;
  /** Replace the stack file's lab (raw config object); a function edits a copy of it. */
  readonly lab?: unknown | ((lab: any) => unknown);
  /** undefined: the stack file's key, else TEST_SSH_KEY; null: no key at all. */
  readonly sshPublicKey?: string | null;
  /** null: no azure-native:location. */
  readonly location?: string | null;
  /** The lab key's raw config text instead of JSON of the lab (e.g. "", "{", "null"). */
  readonly labText?: string;
  /** More stack config keys, as the engine passes them (full keys, string values). */
  readonly extraConfig?: Record<string, string>;
  /** Secret config circuitAuthorizationKeys. */
  readonly authKeys?: Record<string, string>;
  /** The run-commands' instanceView.output per VM name (a VM left out returns no instance view);
   *  default: every VM prints what the model expects. */
  readonly runCommandOutputs?: Readonly<Record<string, string>>;
}

export interface RunResult {
  readonly resources: readonly Registered[];
  readonly outputs: Record<string, unknown>;
  readonly secretOutputs: readonly string[];
  readonly warnings: readonly string[];
  /** Per component URN, the outputs it registered (registerOutputs), as the engine received them. */
  readonly componentOutputs: Readonly<Record<string, Record<string, unknown>>>;
  readonly error?: unknown;
}

export async function runProgram(opts: RunOptions): Promise<RunResult> {
  const sf = readStackFile(opts.stack);
  const baseLab = sf.lab === undefined ? undefined : structuredClone(sf.lab);
  const lab = typeof opts.lab === "function" ? (opts.lab as (l: any) => unknown)(baseLab) : opts.lab !== undefined ? opts.lab : baseLab;
  const ssh = opts.sshPublicKey === null ? undefined : (opts.sshPublicKey ?? sf.sshPublicKey ?? TEST_SSH_KEY);
  const location = opts.location === null ? undefined : (opts.location ?? sf.location);
  const config: Record<string, string> = {
    ...programConfig({ labText: opts.labText ?? (lab === undefined ? undefined : JSON.stringify(lab)) }),
    ...opts.extraConfig,
    ...programConfig({ sshPublicKey: ssh, location }),
  };
  const secretKeys: string[] = [];
  if (opts.authKeys) {
    config["hub-spoke-vxlan:circuitAuthorizationKeys"] = JSON.stringify(opts.authKeys);
    secretKeys.push("hub-spoke-vxlan:circuitAuthorizationKeys");
  }

  startRecording();
  const built = tryBuildLab(lab);
  runCommandOutputs = opts.runCommandOutputs ?? (built.ok ? Object.fromEntries(healthyOutputs(built.lab)) : undefined);
  const warnings: string[] = [];
  const warn = vi.spyOn(pulumiCjs.log, "warn").mockImplementation(async (msg: string) => void warnings.push(msg));
  pulumi.runtime.setAllConfig(config, secretKeys);
  await pulumi.runtime.setMocks(mocks, "hub-spoke-vxlan", sf.stack, false);
  vi.resetModules();
  let error: unknown;
  const outputs: Record<string, unknown> = {};
  const secretOutputs: string[] = [];
  try {
    const program = (await import("../../index.js")) as Record<string, unknown>;
    for (const [k, v] of Object.entries(program)) {
      if (k === "default" || k === "__esModule") continue;
      if (pulumi.Output.isInstance(v)) {
        if (await pulumi.isSecret(v)) secretOutputs.push(k);
        outputs[k] = await new Promise((resolve) => v.apply(resolve));
      } else {
        outputs[k] = v;
      }
    }
  } catch (e) {
    error = e;
  }
  await waitForRPCs();
  warn.mockRestore();
  const rec = recorded();
  return {
    resources: rec.resources,
    outputs,
    secretOutputs,
    warnings,
    componentOutputs: rec.componentOutputs,
    ...(error !== undefined ? { error } : {}),
  };
}

/** Custom resources of one type, e.g. "azure-native:network:VirtualNetwork". */
export const ofType = (r: RunResult, type: string): Registered[] => r.resources.filter((x) => x.type === type);

export const T = {
  rg: "azure-native:resources:ResourceGroup",
  vnet: "azure-native:network:VirtualNetwork",
  rt: "azure-native:network:RouteTable",
  nsg: "azure-native:network:NetworkSecurityGroup",
  gw: "azure-native:network:VirtualNetworkGateway",
  cn: "azure-native:network:VirtualNetworkGatewayConnection",
  pip: "azure-native:network:PublicIPAddress",
  peering: "azure-native:network:VirtualNetworkPeering",
  nic: "azure-native:network:NetworkInterface",
  vm: "azure-native:compute:VirtualMachine",
  rc: "azure-native:compute:VirtualMachineRunCommandByVirtualMachine",
} as const;

const shared = new Map<string, Promise<RunResult>>();
/**
 * runProgram once per test file for the same options, called from beforeEach. Under StrykerJS's
 * coverage run (test/mutation) every test runs the program itself, so the code it reaches is
 * counted as that test's rather than as static (a beforeAll run would be).
 */
export function sharedRun(opts: RunOptions): Promise<RunResult> {
  // The key is JSON, which drops functions: two different edits would share one run (refused under
  // StrykerJS too, so the mutation runs see the same tests pass as CI).
  if (typeof opts.lab === "function") throw new TypeError("sharedRun: a function `lab` cannot be memoized; pass the edited lab object");
  const stryker = (globalThis as { __stryker__?: { currentTestId?: string; activeMutant?: string } }).__stryker__;
  if (stryker?.currentTestId !== undefined) return runProgram(opts);
  const key = JSON.stringify([opts, stryker?.activeMutant]);
  let run = shared.get(key);
  if (!run) shared.set(key, (run = runProgram(opts)));
  return run;
}
