// The stack's config as a whole, judged the same in the CLI (stack-file.ts) and under `pulumi up`
// (azure/config.ts): unknown keys of our namespace and an empty lab are errors, never the seed lab;
// a lab given as a JSON string is read as Pulumi's Config.getObject reads it, with its position on error.
import { nearest } from "../nearest.js";
import { CONFIG_NS, formatReport } from "./problems.js";

export const PROJECT_KEYS = ["lab", "sshPublicKey", "circuitAuthorizationKeys"] as const;
/** What each key of the project's namespace holds (docs/configuration.md). */
export const PROJECT_KEY_DOCS: Readonly<Record<(typeof PROJECT_KEYS)[number], string>> = {
  lab: "The lab (structured config, the keys below); omitted: the seed lab. Present but empty is an error, never the seed lab.",
  sshPublicKey:
    "The admin user's SSH public key (ssh-ed25519 or ssh-rsa of 2048 bits or more); required by `pulumi up`, not by the emulation.",
  circuitAuthorizationKeys:
    "Secret object, VNet name -> ExpressRoute authorization key, for a circuit in another subscription: one distinct key per VNet (an authorization is valid for one connection).",
};
export const LAB_KEY = `${CONFIG_NS}:lab`;

/** A problem of the stack config; key is a full config key (hub-spoke-vxlan:...). */
export interface StackProblem {
  readonly key: string;
  readonly message: string;
}

const nearestKey = (name: string): string | undefined => nearest(name, PROJECT_KEYS);

/** Is a present lab value empty (YAML null, "", {} or their JSON text)? */
export function isEmptyLab(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === "string") return ["", "null", "{}", '""'].includes(v.trim());
  return typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0;
}

// Pulumi's config.ParseKey reads "<namespace>:config:<name>" (a legacy form) as "<namespace>:<name>":
// https://github.com/pulumi/pulumi/blob/master/sdk/go/common/resource/config/key.go
const LEGACY = /^([^:]+):config:([^:]+)$/;

/** The keys as Pulumi reads them (legacy form normalized); a key given in both forms is a problem. */
export function normalizeConfigKeys(config: Readonly<Record<string, unknown>>): {
  config: Record<string, unknown>;
  problems: StackProblem[];
} {
  const out: Record<string, unknown> = {};
  const problems: StackProblem[] = [];
  for (const [key, value] of Object.entries(config)) {
    const m = LEGACY.exec(key);
    const k = m ? `${m[1]}:${m[2]}` : key;
    if (Object.hasOwn(out, k)) problems.push({ key, message: `is ${k} again (Pulumi reads both spellings as one key); keep one` });
    else out[k] = value;
  }
  return { config: out, problems };
}

/** Problems of the keys themselves; other namespaces (azure-native:*, pulumi:*) are not ours to judge. */
export function configKeyProblems(config: Readonly<Record<string, unknown>>): StackProblem[] {
  const problems: StackProblem[] = [];
  for (const [key, value] of Object.entries(config)) {
    // A bare namespace (YAML "hub-spoke-vxlan: {lab: …}") is never read: the key is "<namespace>:<name>".
    if (key.trim() === CONFIG_NS) {
      problems.push({
        key,
        message: `is the namespace alone, so nothing under it is read (a nested object is not a config key): write ${LAB_KEY} (and ${CONFIG_NS}:sshPublicKey, …) as keys of config`,
      });
      continue;
    }
    if (!key.startsWith(`${CONFIG_NS}:`)) continue;
    const name = key.slice(CONFIG_NS.length + 1);
    if ((PROJECT_KEYS as readonly string[]).includes(name)) {
      if (name === "lab" && isEmptyLab(value))
        problems.push({ key, message: "is present but empty; remove the key for the seed lab, or give the lab" });
      continue;
    }
    const near = nearestKey(name);
    const known = PROJECT_KEYS.map((k) => `${CONFIG_NS}:${k}`).join(", ");
    const ws = name !== name.trim() ? ` (${JSON.stringify(key)}: mind the whitespace)` : "";
    problems.push({ key, message: `unknown key${ws}${near ? `; did you mean ${CONFIG_NS}:${near}?` : ` (known: ${known})`}` });
  }
  return problems;
}

/** "… at position 12" -> "… at position 12 (line 2 column 5)" when the message lacks a line. */
export function withPosition(message: string, text: string): string {
  const m = /at position (\d+)/.exec(message);
  if (!m || /line \d+/.test(message)) return message;
  const before = text.slice(0, Number(m[1]));
  const line = before.split("\n").length;
  const column = Number(m[1]) - before.lastIndexOf("\n");
  return `${message} (line ${line} column ${column})`;
}

/** The lab value as the program sees it: a string is JSON text (Config.getObject), anything else as it is. */
export function readLabValue(v: unknown): { lab: unknown } | { error: string } {
  if (typeof v !== "string") return { lab: v };
  try {
    return { lab: JSON.parse(v) };
  } catch (e) {
    return { error: `cannot be read as JSON: ${withPosition(e instanceof Error ? e.message : String(e), v)}` };
  }
}

export function formatStackProblems(problems: readonly StackProblem[]): string {
  return formatReport(problems.map((p) => `  - ${p.key}: ${p.message}`));
}

/** The stack config's values as the program reads them, each read once, before any is judged. */
export interface RawSettings {
  readonly lab: unknown;
  /** Problems of the config keys themselves (a key spelt twice, unknown keys of ours, an empty lab). */
  readonly keyProblems?: readonly StackProblem[];
  /** Set when the lab value could not be read at all (e.g. not JSON). */
  readonly labReadError?: string;
  readonly sshPublicKey?: string;
  /** azure-native:location. */
  readonly location?: string;
  /** Names (VNets) in circuitAuthorizationKeys; the values stay secret and never come here. */
  readonly authKeyNames?: readonly string[];
  /** Groups of VNet names configured with one and the same plain key value (the value itself never comes here). */
  readonly sharedAuthKeys?: readonly (readonly string[])[];
  /** Names whose plain value is blank ("", "  "); the value is never kept. */
  readonly blankAuthKeys?: readonly string[];
  readonly authKeysReadError?: string;
}

/** A YAML/JSON mapping (not a list, not null). */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
/** A value `pulumi config set --secret` wrote into a stack file: its ciphertext, which says nothing of the value. */
const isSecure = (v: unknown): boolean => isRecord(v) && Object.keys(v).length === 1 && typeof v.secure === "string";

/** Names whose plain values are equal, in config order; only the names leave this function. */
function sameValueGroups(keys: Readonly<Record<string, unknown>>): string[][] {
  const byValue = new Map<string, string[]>();
  for (const [name, value] of Object.entries(keys))
    if (typeof value === "string" && value.trim()) byValue.set(value.trim(), [...(byValue.get(value.trim()) ?? []), name]);
  return [...byValue.values()].filter((names) => names.length > 1);
}

/**
 * circuitAuthorizationKeys as the program reads it (Config.getObject: JSON text, or the structured
 * value of a stack file), values never echoed. In a stack file a value may be a secret's ciphertext
 * ({secure: …}): its name counts, its value cannot be compared; a whole-object secret hides the names
 * too, so nothing of it can be judged without the engine.
 */
function readAuthKeys(v: unknown): Pick<RawSettings, "authKeyNames" | "sharedAuthKeys" | "blankAuthKeys" | "authKeysReadError"> {
  if (v === undefined || isSecure(v)) return {};
  let value = v;
  if (typeof v === "string") {
    try {
      value = JSON.parse(v);
    } catch {
      return { authKeysReadError: "cannot be read: not a JSON object" }; // the value is never echoed
    }
  }
  if (!isRecord(value) || Object.values(value).some((k) => typeof k !== "string" && !isSecure(k)))
    return { authKeysReadError: "must be an object mapping VNet names to authorization keys (strings)" };
  const blank = Object.entries(value).flatMap(([name, k]) => (typeof k === "string" && !k.trim() ? [name] : []));
  return { authKeyNames: Object.keys(value), sharedAuthKeys: sameValueGroups(value), ...(blank.length ? { blankAuthKeys: blank } : {}) };
}

/**
 * A key whose value must be a string, as the program gets it. Pulumi hands the program every config
 * value as text: a stack file's scalar as its string form (`azure-native:location: 5` is "5"), a list
 * or an object as JSON text. So a stack file's number or boolean is judged as its string form, and a
 * list or an object, in a stack file or as the engine's JSON text, is refused as not a string; both
 * paths print the same line. A secret's ciphertext ({secure: …}) cannot be judged without the engine.
 */
function stringValue(config: Readonly<Record<string, unknown>>, key: string, what: string, problems: StackProblem[]): string | undefined {
  const v = config[key];
  if (v === undefined || v === null || isSecure(v)) return undefined;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "string" && !isJsonStructure(v)) return v;
  problems.push({ key, message: `must be a string (${what}), not a list or an object` });
  return undefined;
}

/** Is this text a JSON list or object (what the engine passes for a stack file's list or object)? */
function isJsonStructure(text: string): boolean {
  if (!/^\s*[[{]/.test(text)) return false;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null;
  } catch {
    return false;
  }
}

/**
 * Every key of the stack config read the one way both the Pulumi program (pulumi.runtime.allConfig(),
 * values as JSON text) and the CLI (a stack file, values as YAML structures) read it.
 */
export function rawSettingsOf(raw: Readonly<Record<string, unknown>>): RawSettings {
  const { config, problems: twice } = normalizeConfigKeys(raw);
  const keyProblems = [...twice, ...configKeyProblems(config)];
  const labValue = config[LAB_KEY];
  const read = labValue === undefined || isEmptyLab(labValue) ? { lab: undefined } : readLabValue(labValue);
  const sshPublicKey = stringValue(config, `${CONFIG_NS}:sshPublicKey`, "an SSH public key", keyProblems);
  const location = stringValue(config, "azure-native:location", "a region's name", keyProblems);
  return {
    lab: "lab" in read ? read.lab : undefined,
    keyProblems,
    ...("error" in read ? { labReadError: read.error } : {}),
    ...(sshPublicKey !== undefined ? { sshPublicKey } : {}),
    ...(location ? { location } : {}),
    ...readAuthKeys(config[`${CONFIG_NS}:circuitAuthorizationKeys`]),
  };
}
