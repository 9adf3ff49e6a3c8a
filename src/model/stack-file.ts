// Reads a Pulumi stack file (Pulumi.<stack>.yaml) the way `pulumi config` sees it, for tools
// that run without the Pulumi engine (the local emulation, tests).
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import * as yaml from "js-yaml";
import { CONFIG_NS } from "./problems.js";

export interface StackFile {
  readonly stack: string;
  readonly path: string;
  /** The raw hub-spoke-vxlan:lab object (undefined = the seed lab). */
  readonly lab: unknown;
  readonly sshPublicKey?: string;
  readonly location?: string;
}

export const PROJECT_DIR = join(__dirname, "..", "..");

/** "dev" -> <project>/Pulumi.dev.yaml; a path is taken as it is. */
export function stackPath(stackOrPath: string): string {
  return /[/\\]|\.ya?ml$/.test(stackOrPath) ? stackOrPath : join(PROJECT_DIR, `Pulumi.${stackOrPath}.yaml`);
}

export function readStackFile(stackOrPath: string): StackFile {
  const path = stackPath(stackOrPath);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read stack file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const doc = (yaml.load(text) ?? {}) as { config?: Record<string, unknown> };
  const config = doc.config ?? {};
  const str = (k: string) => (typeof config[k] === "string" ? (config[k] as string) : undefined);
  const stack = basename(path).replace(/^Pulumi\./, "").replace(/\.ya?ml$/, "");
  const sshPublicKey = str(`${CONFIG_NS}:sshPublicKey`);
  const location = str("azure-native:location");
  return {
    stack,
    path: join(dirname(path), basename(path)),
    lab: config[`${CONFIG_NS}:lab`],
    ...(sshPublicKey ? { sshPublicKey } : {}),
    ...(location ? { location } : {}),
  };
}
