// Runs index.ts under pulumi.runtime.setMocks for a stack file and records what the engine would
// see: every registered resource (type, name, parent, inputs, secret inputs, dependencies,
// options), the stack outputs and the warnings. Config is set BEFORE the program is imported,
// and the program is imported dynamically after setMocks (a static import bypasses the mocks).
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { vi } from "vitest";
import { tryBuildLab } from "../../src/model/build.js";
import { readStackFile } from "../../src/config/stack-file.js";
import { modelOutputs } from "../../src/probe/contract.js";
import { azureExpectations } from "../../src/probe/verification.js";

const req = createRequire(__filename);
// Same module instances as the program's own @pulumi/pulumi (both come from Node's require cache).
const pulumiCjs = req("@pulumi/pulumi") as typeof pulumi;
const { MockMonitor } = req("@pulumi/pulumi/runtime/mocks") as { MockMonitor: { prototype: MonitorProto } };
const { waitForRPCs } = req("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
const { specialSigKey, specialSecretSig } = req("@pulumi/pulumi/runtime/rpc") as { specialSigKey: string; specialSecretSig: string };

export const TEST_SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIP7+osI15xyIU07Ia2q2TrAV8cVnjZpaVT3wkin0MM63 mock@test";

interface GrpcReq {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getDependenciesList(): string[];
  getReplaceonchangesList(): string[];
  getDeletebeforereplace(): boolean;
  getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getPropertydependenciesMap(): { forEach(fn: (v: { getUrnsList(): string[] }, k: string) => void): void };
  getDeletedwith(): string;
}
interface OutputsReq {
  getUrn(): string;
  getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface MonitorProto {
  registerResource(this: { newUrn(p: string, t: string, n: string): string }, req: GrpcReq, cb: unknown): Promise<void>;
  registerResourceOutputs(this: unknown, req: OutputsReq, cb: unknown): void;
}

export interface Registered {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string;
  readonly custom: boolean;
  /** The mock-assigned id (custom resources). */
  readonly id: string;
  /** Inputs as the mocks received them (secrets unwrapped). */
  inputs: Record<string, any>;
  /** Top-level input keys sent to the engine as secrets. */
  readonly secretInputs: readonly string[];
  /** URNs the engine is told this resource depends on (property references and dependsOn). */
  readonly deps: readonly string[];
  readonly replaceOnChanges: readonly string[];
  readonly deleteBeforeReplace: boolean;
  /** Per input property, the URNs its value came from (what the engine replaces dependents by). */
  readonly propertyDeps: Readonly<Record<string, readonly string[]>>;
  /** The URN whose deletion deletes this one (deletedWith), or "". */
  readonly deletedWith: string;
  readonly customTimeouts?: { create: string; update: string; delete: string };
}

let recording: Registered[] = [];
let componentOutputs: Record<string, Record<string, unknown>> = {};
/** What the mocked run-commands printed, per VM (runProgram's runCommandOutputs). */
let runCommandOutputs: Readonly<Record<string, string>> | undefined;
let patched = false;

const mockId = (type: string, name: string) => `/mock/${type.split(":").pop()}/${name}`;

function propertyDepsOf(r: GrpcReq): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  r.getPropertydependenciesMap().forEach((v, k) => (out[k] = v.getUrnsList()));
  return out;
}

function patchMonitor(): void {
  if (patched) return;
  patched = true;
  const original = MockMonitor.prototype.registerResource;
  MockMonitor.prototype.registerResource = function (this, r: GrpcReq, cb: unknown) {
    const raw = r.getObject()?.toJavaScript() ?? {};
    const isSecret = (v: unknown) =>
      typeof v === "object" && v !== null && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig;
    const t = r.getCustomtimeouts();
    recording.push({
      urn: this.newUrn(r.getParent(), r.getType(), r.getName()),
      type: r.getType(),
      name: r.getName(),
      parent: r.getParent(),
      custom: r.getCustom(),
      id: r.getCustom() ? mockId(r.getType(), r.getName()) : "",
      inputs: {},
      secretInputs: Object.entries(raw)
        .filter(([, v]) => isSecret(v))
        .map(([k]) => k),
      deps: r.getDependenciesList(),
      replaceOnChanges: r.getReplaceonchangesList(),
      deleteBeforeReplace: r.getDeletebeforereplace(),
      propertyDeps: propertyDepsOf(r),
      deletedWith: r.getDeletedwith(),
      ...(t && (t.getCreate() || t.getUpdate() || t.getDelete())
        ? { customTimeouts: { create: t.getCreate(), update: t.getUpdate(), delete: t.getDelete() } }
        : {}),
    });
    return original.call(this, r, cb);
  };
  // Components' registerOutputs: what the engine stores as the component's outputs (shown in its state).
  const originalOutputs = MockMonitor.prototype.registerResourceOutputs;
  MockMonitor.prototype.registerResourceOutputs = function (this: unknown, r: OutputsReq, cb: unknown) {
    componentOutputs[r.getUrn()] = r.getOutputs()?.toJavaScript() ?? {};
    return originalOutputs.call(this, r, cb);
  };
}

// Azure-native resources output their Azure name as `name`; the program sets <resource>Name.
const nameKey = (type: string) => {
  const last = type.split(":").pop()!;
  return last[0]!.toLowerCase() + last.slice(1) + "Name";
};

const mocks: pulumi.runtime.Mocks = {
  newResource(args) {
    const rec = recording.find((r) => r.type === args.type && r.name === args.name && !Object.keys(r.inputs).length);
    if (rec) rec.inputs = args.inputs;
    const id = args.custom ? mockId(args.type, args.name) : "";
    // RandomBytes: fixed bytes per name (the provider's real ones are random), as base64.
    const random =
      args.type === "random:index/randomBytes:RandomBytes" ? { base64: createHash("sha256").update(args.name).digest("base64") } : {};
    return { id, state: { ...args.inputs, ...random, name: args.inputs[nameKey(args.type)] ?? args.name } };
  },
  call(args) {
    if (args.token === "azure-native:compute:getVirtualMachineRunCommandByVirtualMachine") {
      const output = runCommandOutputs?.[args.inputs.vmName as string];
      return {
        ...args.inputs,
        ...(output !== undefined && args.inputs.expand === "instanceView"
          ? { instanceView: { executionState: "Succeeded", exitCode: 0, output } }
          : {}),
      };
    }
    if (args.token === "azure-native:authorization:getClientConfig") {
      return { subscriptionId: "00000000-0000-0000-0000-000000000000", tenantId: "t", clientId: "c", objectId: "o" };
    }
    return args.inputs;
  },
};

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
  patchMonitor();
  const sf = readStackFile(opts.stack);
  const baseLab = sf.lab === undefined ? undefined : structuredClone(sf.lab);
  const lab = typeof opts.lab === "function" ? (opts.lab as (l: any) => unknown)(baseLab) : opts.lab !== undefined ? opts.lab : baseLab;
  const config: Record<string, string> = {};
  if (opts.labText !== undefined) config["hub-spoke-vxlan:lab"] = opts.labText;
  else if (lab !== undefined) config["hub-spoke-vxlan:lab"] = JSON.stringify(lab);
  Object.assign(config, opts.extraConfig);
  const ssh = opts.sshPublicKey === null ? undefined : (opts.sshPublicKey ?? sf.sshPublicKey ?? TEST_SSH_KEY);
  if (ssh) config["hub-spoke-vxlan:sshPublicKey"] = ssh;
  const location = opts.location === null ? undefined : (opts.location ?? sf.location);
  if (location) config["azure-native:location"] = location;
  const secretKeys: string[] = [];
  if (opts.authKeys) {
    config["hub-spoke-vxlan:circuitAuthorizationKeys"] = JSON.stringify(opts.authKeys);
    secretKeys.push("hub-spoke-vxlan:circuitAuthorizationKeys");
  }

  recording = [];
  componentOutputs = {};
  const built = tryBuildLab(lab);
  runCommandOutputs = opts.runCommandOutputs ?? (built.ok ? Object.fromEntries(modelOutputs(azureExpectations(built.lab))) : undefined);
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
  return {
    resources: [...recording],
    outputs,
    secretOutputs,
    warnings,
    componentOutputs: { ...componentOutputs },
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
