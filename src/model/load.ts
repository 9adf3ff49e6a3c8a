// A Pulumi stack file -> the validated lab, for the tools that run without the Pulumi engine (the CLI's
// graph, plan and verify --from, the emulation, benches): the same validation and error text as Pulumi's.
import { readStackDocument, safeStack } from "../config/stack-file.js";
import { judgeStackConfig } from "./settings.js";
import type { Lab } from "./types.js";

export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface LoadedLab {
  readonly lab: Lab;
  /** The stack's name as every tool uses it (safeStack). */
  readonly stack: string;
  readonly stackFile: string;
  /** The region the program deploys to, as settings.ts resolves it (programmatic name), if the stack names one. */
  readonly location?: string;
}

/**
 * Stack file -> validated lab. Every key is judged by the function `pulumi up` uses
 * (settings.ts judgeStackConfig), keys the emulation does not need included, and reported exactly as
 * Pulumi reports them; only the SSH key and the region may be absent.
 */
export function loadLab(stackOrPath: string): LoadedLab {
  let doc;
  try {
    doc = readStackDocument(stackOrPath);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  const r = judgeStackConfig(doc.config, { deploy: false });
  if (!r.ok) throw new ConfigError(r.message);
  const { location } = r.settings;
  return { lab: r.settings.lab, stack: safeStack(doc.stack), stackFile: doc.path, ...(location ? { location } : {}) };
}
