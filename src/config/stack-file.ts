// Reads a Pulumi stack file (Pulumi.<stack>.yaml) the way `pulumi config` sees it, for tools
// that run without the Pulumi engine (the local emulation, tests).
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import * as yaml from "js-yaml";
import { PROJECT_DIR } from "./project-dir.js";
import { CONFIG_NS } from "./problems.js";
import { sshKeyProblem } from "../platform/ssh-key.js";
import { validateLab } from "./validate.js";
import {
  configKeyProblems,
  formatStackProblems,
  isEmptyLab,
  isRecord,
  LAB_KEY,
  normalizeConfigKeys,
  readLabValue,
  type StackProblem,
} from "./stack-config.js";

export interface StackFile {
  readonly stack: string;
  readonly path: string;
  /** The raw hub-spoke-vxlan:lab object (undefined = the seed lab). */
  readonly lab: unknown;
  readonly sshPublicKey?: string;
  readonly location?: string;
}

/** The stack name as the tools use it (namespace, folder and file names): anything but [A-Za-z0-9_.-] becomes "_". */
export function safeStack(stack: string): string {
  const s = stack.replace(/[^A-Za-z0-9_.-]/g, "_");
  if (!s) throw new Error("empty stack name");
  return s;
}

/** "dev" -> <project>/Pulumi.dev.yaml; a path is taken as it is. */
export function stackPath(stackOrPath: string): string {
  return /[/\\]|\.ya?ml$/.test(stackOrPath) ? stackOrPath : join(PROJECT_DIR, `Pulumi.${stackOrPath}.yaml`);
}

/**
 * The stack's config keys judged before the lab: a key spelt twice, unknown keys of ours, an empty
 * lab (stack-config.ts), and an SSH key that is there: the emulation needs none, but one that is
 * there is judged as `pulumi up` judges it (src/azure/config.ts), so nothing is built from a config
 * the Pulumi program would refuse. Reported with the lab's own problems, as one list.
 */
function stackKeyProblems(raw: Readonly<Record<string, unknown>>): { config: Record<string, unknown>; problems: StackProblem[] } {
  const { config, problems: twice } = normalizeConfigKeys(raw);
  const problems = [...twice, ...configKeyProblems(config)];
  const ssh = config[`${CONFIG_NS}:sshPublicKey`];
  const sshWhy = typeof ssh === "string" && ssh.trim() ? sshKeyProblem(ssh.trim()) : undefined;
  if (sshWhy) problems.push({ key: `${CONFIG_NS}:sshPublicKey`, message: sshWhy });
  return { config, problems };
}

/** A stack file's name, path and config: section as written (keys not yet normalised); throws on a file that cannot be read or parsed. */
export function readStackDocument(stackOrPath: string): { stack: string; path: string; config: Record<string, unknown> } {
  const path = stackPath(stackOrPath);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read stack file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let doc: { config?: Record<string, unknown> };
  try {
    doc = (yaml.load(text) ?? {}) as typeof doc;
  } catch (e) {
    if (!(e instanceof yaml.YAMLException)) throw e;
    const at = e.mark ? `:${e.mark.line + 1}:${e.mark.column + 1}` : "";
    throw new Error(`${path}${at}: invalid YAML: ${e.reason}${e.mark?.snippet ? `\n${e.mark.snippet}` : ""}`);
  }
  // Pulumi's stack file is a mapping whose `config:` is a mapping of keys; anything else is not read as an empty config.
  const kind = (v: unknown) => (Array.isArray(v) ? "a list" : `a ${typeof v}`);
  if (!isRecord(doc)) throw new Error(`${path}: a stack file is a mapping (config:, ...), not ${kind(doc)}`);
  if (doc.config !== undefined && doc.config !== null && !isRecord(doc.config))
    throw new Error(`${path}: config: must be a mapping of config keys to values, not ${kind(doc.config)}`);
  const stack = basename(path)
    .replace(/^Pulumi\./, "")
    .replace(/\.ya?ml$/, "");
  return { stack, path: join(dirname(path), basename(path)), config: doc.config ?? {} };
}

/**
 * The stack file's values for the tools that read a stack without judging all of it (the mock
 * harness, plan --from's program run, which the program then judges); refuses keys it cannot read.
 * What builds a lab goes through src/model/load.ts, which judges every key as `pulumi up` does.
 */
export function readStackFile(stackOrPath: string): StackFile {
  const { stack, path, config: raw } = readStackDocument(stackOrPath);
  const { config, problems } = stackKeyProblems(raw);
  const labKeyPresent = Object.hasOwn(config, LAB_KEY);
  const read = labKeyPresent && !isEmptyLab(config[LAB_KEY]) ? readLabValue(config[LAB_KEY]) : { lab: undefined };
  if ("error" in read) problems.push({ key: LAB_KEY, message: read.error });
  if (problems.length) {
    const built = "lab" in read && read.lab !== undefined ? validateLab(read.lab) : undefined;
    const labProblems =
      built && !built.ok ? built.problems.map((p) => ({ key: p.key ? `${LAB_KEY}.${p.key}` : LAB_KEY, message: p.message })) : [];
    throw new Error(`${path}: ${formatStackProblems([...problems, ...labProblems])}`);
  }
  const str = (k: string) => (typeof config[k] === "string" ? (config[k] as string) : undefined);
  const sshPublicKey = str(`${CONFIG_NS}:sshPublicKey`);
  const location = str("azure-native:location");
  return {
    stack,
    path,
    lab: "lab" in read ? read.lab : undefined,
    ...(sshPublicKey ? { sshPublicKey } : {}),
    ...(location ? { location } : {}),
  };
}
