// The Pulumi program run under pulumi.runtime.setMocks, recording what the engine would be told of
// every resource: type, name, parent, inputs, secret inputs, dependencies and the options that
// decide replacements (replaceOnChanges, deleteBeforeReplace, property dependencies, deletedWith).
// The mock tests (test/mock/harness.ts) and `lab plan --from` (src/cli/plan-from.ts) both read it.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type * as pulumi from "@pulumi/pulumi";

const req = createRequire(__filename);
// Same module instances as the program's own @pulumi/pulumi (both come from Node's require cache).
const { MockMonitor } = req("@pulumi/pulumi/runtime/mocks") as { MockMonitor: { prototype: MonitorProto } };
const { specialSigKey, specialSecretSig } = req("@pulumi/pulumi/runtime/rpc") as { specialSigKey: string; specialSecretSig: string };

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
  getAdditionalsecretoutputsList(): string[];
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
  /** Outputs the engine keeps secret whatever their inputs (additionalSecretOutputs, e.g. RandomPassword's result). */
  readonly additionalSecretOutputs?: readonly string[];
  readonly customTimeouts?: { create: string; update: string; delete: string };
}

let recording: Registered[] = [];
let componentOutputs: Record<string, Record<string, unknown>> = {};
let patched = false;

const mockId = (type: string, name: string) => `/mock/${type.split(":").pop()}/${name}`;

function propertyDepsOf(r: GrpcReq): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  r.getPropertydependenciesMap().forEach((v, k) => (out[k] = v.getUrnsList()));
  return out;
}

/** Starts a new recording (patching the mock monitor once per process). */
export function startRecording(): void {
  recording = [];
  componentOutputs = {};
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
      additionalSecretOutputs: r.getAdditionalsecretoutputsList(),
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

/** The stack config the program reads, as the engine passes it (full keys, string values); a value not given is no key. */
export function programConfig(c: {
  labText?: string | undefined;
  sshPublicKey?: string | undefined;
  location?: string | undefined;
}): Record<string, string> {
  return {
    ...(c.labText !== undefined ? { "hub-spoke-vxlan:lab": c.labText } : {}),
    ...(c.sshPublicKey ? { "hub-spoke-vxlan:sshPublicKey": c.sshPublicKey } : {}),
    ...(c.location ? { "azure-native:location": c.location } : {}),
  };
}

/** What was recorded since startRecording. */
export const recorded = (): { resources: Registered[]; componentOutputs: Record<string, Record<string, unknown>> } => ({
  resources: [...recording],
  componentOutputs: { ...componentOutputs },
});

// Azure-native resources output their Azure name as `name`; the program sets <resource>Name.
const nameKey = (type: string) => {
  const last = type.split(":").pop()!;
  return last[0]!.toLowerCase() + last.slice(1) + "Name";
};

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** RandomPassword's mock result: fixed per name, `length` letters and digits (the lab asks for special: false). */
export function mockPassword(name: string, length: number): string {
  let out = "";
  for (let block = 0; out.length < length; block++) {
    for (const byte of createHash("sha256").update(`${name}/${block}`).digest()) out += ALNUM[byte % ALNUM.length];
  }
  return out.slice(0, length);
}

/** The mocks: ids from type and name, RandomBytes and RandomPassword from their names, run-commands printing `runCommandOutputs` per VM. */
export function programMocks(runCommandOutputs: () => Readonly<Record<string, string>> | undefined): pulumi.runtime.Mocks {
  return {
    newResource(args) {
      const rec = recording.find((r) => r.type === args.type && r.name === args.name && !Object.keys(r.inputs).length);
      if (rec) rec.inputs = args.inputs;
      const id = args.custom ? mockId(args.type, args.name) : "";
      // RandomBytes: fixed bytes per name (the provider's real ones are random), as base64.
      // RandomPassword: a fixed password per name, as long as asked.
      const random =
        args.type === "random:index/randomBytes:RandomBytes"
          ? { base64: createHash("sha256").update(args.name).digest("base64") }
          : args.type === "random:index/randomPassword:RandomPassword"
            ? { result: mockPassword(args.name, Number(args.inputs.length)) }
            : {};
      return { id, state: { ...args.inputs, ...random, name: args.inputs[nameKey(args.type)] ?? args.name } };
    },
    call(args) {
      if (args.token === "azure-native:compute:getVirtualMachineRunCommandByVirtualMachine") {
        const output = runCommandOutputs()?.[args.inputs.vmName as string];
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
}
