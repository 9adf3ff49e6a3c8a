// Stack config -> validated settings, or one RunError listing every problem with its config key.
import * as pulumi from "@pulumi/pulumi";
import { tryBuildLab } from "../model/build.js";
import { CONFIG_NS, formatReport, problemLines, type Problem } from "../config/problems.js";
import { vnetByName } from "../model/lookup.js";
import { vnetRefs } from "../config/refs.js";
import { checkScalableRegion } from "../config/rules/per-vnet.js";
import type { Lab } from "../model/types.js";
import { sshKeyProblem } from "../platform/ssh-key.js";
import { configKeyProblems, isEmptyLab, readLabValue, type StackProblem } from "../config/stack-config.js";

export const CONFIG_KEYS = {
  lab: `${CONFIG_NS}:lab`,
  sshPublicKey: `${CONFIG_NS}:sshPublicKey`,
  circuitAuthorizationKeys: `${CONFIG_NS}:circuitAuthorizationKeys`,
  location: "azure-native:location",
} as const;

export interface RawSettings {
  readonly lab: unknown;
  /** Problems of the config keys themselves (unknown keys of ours, an empty lab): stack-config.ts. */
  readonly keyProblems?: readonly StackProblem[];
  /** Set when the lab value could not be read at all (e.g. not JSON). */
  readonly labReadError?: string;
  readonly sshPublicKey?: string;
  readonly location?: string;
  /** Names (VNets) in circuitAuthorizationKeys; the values stay secret and are not checked here. */
  readonly authKeyNames?: readonly string[];
  /** Groups of VNet names configured with one and the same key value (the value itself never comes here). */
  readonly sharedAuthKeys?: readonly (readonly string[])[];
  readonly authKeysReadError?: string;
}

export interface Settings {
  readonly lab: Lab;
  readonly sshPublicKey: string;
  readonly location: string;
  /** VNets whose connection gets an authorization key. */
  readonly authKeyNames: readonly string[];
}

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; message: string };

/** Every problem of every key, formatted like the model's own messages (problemLines, formatReport). */
export function checkSettings(raw: RawSettings): SettingsResult {
  const groups: { key: string; problems: Problem[] }[] = [];
  const add = (key: string, message: string) => groups.push({ key, problems: [{ key: "", message }] });

  for (const p of raw.keyProblems ?? []) add(p.key, p.message);
  // An empty lab is a key problem, never the seed lab.
  const labBlocked = !!raw.keyProblems?.some((p) => p.key === CONFIG_KEYS.lab);
  const built = raw.labReadError || labBlocked ? undefined : tryBuildLab(raw.lab);
  // The model checks ErGwScale against lab.location; here only the azure-native:location case, so it is reported once.
  const cfg = built && (built.ok ? built.lab.config : built.config);
  const regionProblems = cfg && !cfg.location && raw.location ? checkScalableRegion(vnetRefs(cfg), raw.location, CONFIG_KEYS.location) : [];
  const labProblems = [...(built && !built.ok ? built.problems : []), ...regionProblems];
  if (raw.labReadError) add(CONFIG_KEYS.lab, raw.labReadError);
  else if (labProblems.length) groups.push({ key: CONFIG_KEYS.lab, problems: labProblems });

  const key = raw.sshPublicKey?.trim();
  if (!key) add(CONFIG_KEYS.sshPublicKey, 'required: pulumi config set hub-spoke-vxlan:sshPublicKey "$(cat ~/.ssh/id_ed25519.pub)"');
  else {
    const why = sshKeyProblem(key);
    if (why) add(CONFIG_KEYS.sshPublicKey, why);
  }

  const location = (built?.ok ? built.lab.config.location : undefined) ?? raw.location;
  if (!location)
    add(CONFIG_KEYS.location, `required: pulumi config set azure-native:location <region> (or set location in ${CONFIG_KEYS.lab})`);

  if (raw.authKeysReadError) add(CONFIG_KEYS.circuitAuthorizationKeys, raw.authKeysReadError);
  else if (built?.ok) {
    for (const name of raw.authKeyNames ?? []) {
      const vnet = vnetByName(built.lab, name);
      const gw = vnet?.deployed ? vnet.gateway : undefined;
      if (!gw?.circuitId)
        add(`${CONFIG_KEYS.circuitAuthorizationKeys}.${name}`, `no deployed VNet named ${name} has a gateway with a circuitId`);
    }
  }
  // "An authorization is valid for only one connection": https://learn.microsoft.com/azure/expressroute/expressroute-howto-linkvnet-portal-resource-manager
  for (const names of raw.sharedAuthKeys ?? []) {
    add(
      `${CONFIG_KEYS.circuitAuthorizationKeys}.${names[1]}`,
      `${names.join(", ")} are given the same authorization key, but an authorization is valid for only one connection: ask the circuit owner for one per VNet`,
    );
  }

  if (groups.length || !built?.ok || !key || !location) {
    return { ok: false, message: formatReport(groups.flatMap((g) => problemLines(g.problems, g.key))) };
  }
  return { ok: true, settings: { lab: built.lab, sshPublicKey: key, location, authKeyNames: raw.authKeyNames ?? [] } };
}

/** Reads the stack's config; throws a RunError (no stack trace) listing every problem. */
export function readSettings(): Settings & { circuitAuthorizationKeys?: pulumi.Output<Record<string, string>> } {
  const cfg = new pulumi.Config(CONFIG_NS);
  const keyProblems = configKeyProblems(pulumi.runtime.allConfig());
  // Read as Config.getObject would (JSON.parse of the value), but with the error's line and column.
  const labText = cfg.get("lab");
  const read = labText === undefined || isEmptyLab(labText) ? { lab: undefined } : readLabValue(labText);
  const lab = "lab" in read ? read.lab : undefined;
  const labReadError = "error" in read ? read.error : undefined;
  const sshPublicKey = cfg.get("sshPublicKey");
  const location = new pulumi.Config("azure-native").get("location");
  // Key names decide which connections get a key; only the values are secret.
  let authKeyNames: string[] = [];
  let authKeysReadError: string | undefined;
  let sharedAuthKeys: string[][] = [];
  try {
    const plain = cfg.getObject<unknown>("circuitAuthorizationKeys");
    if (plain !== undefined) {
      if (typeof plain !== "object" || plain === null || Array.isArray(plain) || Object.values(plain).some((v) => typeof v !== "string")) {
        authKeysReadError = "must be an object mapping VNet names to authorization keys (strings)";
      } else {
        authKeyNames = Object.keys(plain);
        sharedAuthKeys = sameValueGroups(plain as Record<string, string>);
      }
    }
  } catch {
    authKeysReadError = "cannot be read: not a JSON object"; // the value is never echoed
  }
  const result = checkSettings({
    lab,
    keyProblems,
    ...(labReadError ? { labReadError } : {}),
    ...(sshPublicKey ? { sshPublicKey } : {}),
    ...(location ? { location } : {}),
    authKeyNames,
    sharedAuthKeys,
    ...(authKeysReadError ? { authKeysReadError } : {}),
  });
  if (!result.ok) throw new pulumi.RunError(result.message);
  const keys = cfg.getSecretObject<Record<string, string>>("circuitAuthorizationKeys");
  return { ...result.settings, ...(keys ? { circuitAuthorizationKeys: keys } : {}) };
}

/** Names whose values are equal, in config order; only the names leave this function. */
function sameValueGroups(keys: Readonly<Record<string, string>>): string[][] {
  const byValue = new Map<string, string[]>();
  for (const [name, value] of Object.entries(keys)) byValue.set(value.trim(), [...(byValue.get(value.trim()) ?? []), name]);
  return [...byValue.values()].filter((names) => names.length > 1);
}
