// The stack config judged as a whole, one way for `pulumi up` (src/azure/config.ts) and for the CLI
// and the emulation (load.ts): the lab and every other key of ours, and azure-native:location. A key
// the emulation does not need (sshPublicKey, circuitAuthorizationKeys) is still judged when it is
// there, so nothing is built from a config the Pulumi program would refuse; only whether the keys a
// deploy needs are present depends on who asks. Every problem of every key in one report.
import { CONFIG_NS, formatReport, problemLines, type Problem } from "../config/problems.js";
import { vnetRefs } from "../config/refs.js";
import { checkLocation } from "../config/rules/location.js";
import { checkScalableRegion } from "../config/rules/per-vnet.js";
import { rawSettingsOf, type RawSettings } from "../config/stack-config.js";
import { findRegion } from "../platform/regions.js";
import { sshKeyProblem } from "../platform/ssh-key.js";
import { tryBuildLab } from "./build.js";
import type { Lab } from "./types.js";

export type { RawSettings } from "../config/stack-config.js";

export const CONFIG_KEYS = {
  lab: `${CONFIG_NS}:lab`,
  sshPublicKey: `${CONFIG_NS}:sshPublicKey`,
  circuitAuthorizationKeys: `${CONFIG_NS}:circuitAuthorizationKeys`,
  location: "azure-native:location",
} as const;

export interface Settings {
  readonly lab: Lab;
  readonly sshPublicKey: string;
  /** The region's programmatic name ("japaneast"), lab.location before azure-native:location; "" when neither is set (the emulation). */
  readonly location: string;
  /** VNets whose connection gets an authorization key. */
  readonly authKeyNames: readonly string[];
}

/** Problems grouped by the config key at fault (the lab's keep their keys inside the lab). */
export interface ProblemGroup {
  readonly key: string;
  readonly problems: readonly Problem[];
  /** The lab's own problems (their keys are inside hub-spoke-vxlan:lab); else each problem is the key's own. */
  readonly inLab?: boolean;
}

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; message: string; groups: readonly ProblemGroup[] };

export interface JudgeOptions {
  /** true under `pulumi up`: the SSH key and a region are required. false: the emulation, which needs neither (but judges them when present). */
  readonly deploy: boolean;
}

/** Every problem of every key, formatted like the model's own messages (problemLines, formatReport). */
export function checkSettings(raw: RawSettings, { deploy }: JudgeOptions = { deploy: true }): SettingsResult {
  const groups: ProblemGroup[] = [];
  const add = (key: string, message: string) => groups.push({ key, problems: [{ key: "", message }] });

  for (const p of raw.keyProblems ?? []) add(p.key, p.message);
  /** A key already refused as written (e.g. a list where a string belongs) is not also "required". */
  const judged = (k: string) => !!raw.keyProblems?.some((p) => p.key === k);
  // An empty lab is a key problem, never the seed lab.
  const labBlocked = !!raw.keyProblems?.some((p) => p.key === CONFIG_KEYS.lab);
  const built = raw.labReadError || labBlocked ? undefined : tryBuildLab(raw.lab);
  // The model checks ErGwScale against lab.location; here only the azure-native:location case, so it is reported once.
  const cfg = built && (built.ok ? built.lab.config : built.config);
  const regionProblems = cfg && !cfg.location && raw.location ? checkScalableRegion(vnetRefs(cfg), raw.location, CONFIG_KEYS.location) : [];
  const labProblems = [...(built && !built.ok ? built.problems : []), ...regionProblems];
  if (raw.labReadError) add(CONFIG_KEYS.lab, raw.labReadError);
  else if (labProblems.length) groups.push({ key: CONFIG_KEYS.lab, problems: labProblems, inLab: true });

  const key = raw.sshPublicKey?.trim();
  if (!key) {
    if (deploy && !judged(CONFIG_KEYS.sshPublicKey))
      add(CONFIG_KEYS.sshPublicKey, 'required: pulumi config set hub-spoke-vxlan:sshPublicKey "$(cat ~/.ssh/id_ed25519.pub)"');
  } else {
    const why = sshKeyProblem(key);
    if (why) add(CONFIG_KEYS.sshPublicKey, why);
  }

  // azure-native:location is the provider's region: judged whenever it is set, like lab.location.
  const locationProblems = raw.location ? checkLocation(raw.location, "") : [];
  if (locationProblems.length) groups.push({ key: CONFIG_KEYS.location, problems: locationProblems });
  // The region, resolved once: lab.location before azure-native:location, as the program deploys it.
  // Normalised here to the programmatic name (one place, read by every consumer: each resource's
  // location and the stack output under pulumi up, lab plan's price lookup and cache file), so
  // "Japan East", "JAPAN EAST", " japaneast " or "japaneast\n" all reach ARM as "japaneast", the
  // name ARM itself reports (Learn's regions list, "Programmatic name" column), never verbatim.
  const given = (built?.ok ? built.lab.config.location : undefined) ?? raw.location;
  const location = given === undefined ? undefined : (findRegion(given)?.name ?? given);
  if (!location && deploy && !judged(CONFIG_KEYS.location))
    add(CONFIG_KEYS.location, `required: pulumi config set azure-native:location <region> (or set location in ${CONFIG_KEYS.lab})`);

  // An entry's name is echoed only when it is a VNet of this lab: a name and its key written the
  // wrong way round ({<key>: vnet-spoke10}) would otherwise print the key, a secret.
  const labVnets = new Set(cfg ? vnetRefs(cfg).map((r) => r.cfg.name) : []);
  const AUTH = CONFIG_KEYS.circuitAuthorizationKeys;
  if (raw.authKeysReadError) add(AUTH, raw.authKeysReadError);
  else {
    for (const name of raw.blankAuthKeys ?? [])
      if (labVnets.has(name))
        add(`${AUTH}.${name}`, "the authorization key is blank: give the key the circuit owner created for this VNet");
    const blankStrangers = (raw.blankAuthKeys ?? []).filter((n) => !labVnets.has(n)).length;
    if (blankStrangers) add(AUTH, `${entries(blankStrangers)} a blank authorization key`);
    if (built?.ok) {
      const takers = built.lab.vnets.filter((v) => v.deployed && v.gateway?.circuitId).map((v) => v.name);
      let strangers = 0;
      for (const name of raw.authKeyNames ?? []) {
        if (takers.includes(name)) continue;
        if (labVnets.has(name)) add(`${AUTH}.${name}`, `no deployed VNet named ${name} has a gateway with a circuitId`);
        else strangers++;
      }
      if (strangers)
        add(
          AUTH,
          `${strangers === 1 ? "an entry's name is" : `${strangers} entries' names are`} not a VNet of this lab with a circuit ` +
            `(not printed: it may be a key); the VNets that can take a key: ${takers.join(", ") || "none (no deployed VNet has a gateway with a circuitId)"}; ` +
            "each entry is <VNet name>: <key>, so a name and its key may have been swapped",
        );
    }
  }
  // "An authorization is valid for only one connection": https://learn.microsoft.com/azure/expressroute/expressroute-howto-linkvnet-portal-resource-manager
  for (const names of raw.sharedAuthKeys ?? []) {
    if (names.every((n) => labVnets.has(n)))
      add(
        `${AUTH}.${names[1]}`,
        `${names.join(", ")} are given the same authorization key, but an authorization is valid for only one connection: ask the circuit owner for one per VNet`,
      );
    else
      add(
        AUTH,
        `${names.length} entries are given the same value, and not all of their names are VNets of this lab (not printed: a name may be a key); an authorization is valid for only one connection`,
      );
  }

  if (groups.length || !built?.ok || (deploy && (!key || !location))) {
    return { ok: false, message: formatReport(groups.flatMap((g) => problemLines(g.problems, g.key))), groups };
  }
  return {
    ok: true,
    settings: { lab: built.lab, sshPublicKey: key ?? "", location: location ?? "", authKeyNames: raw.authKeyNames ?? [] },
  };
}

/** "an entry has" / "2 entries have" (names of entries that may be secrets are never printed). */
const entries = (n: number): string => (n === 1 ? "an entry has" : `${n} entries have`);

/** A whole stack config (full keys: Pulumi's allConfig(), or a stack file's config:) read and judged. */
export const judgeStackConfig = (config: Readonly<Record<string, unknown>>, options: JudgeOptions): SettingsResult =>
  checkSettings(rawSettingsOf(config), options);
