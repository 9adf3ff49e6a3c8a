// A Pulumi stack file -> the validated lab, for the tools that run without the Pulumi engine (the CLI's
// graph, plan and verify --from, the emulation, benches): the same validation and error text as Pulumi's.
import { readStackFile, safeStack } from "../config/stack-file.js";
import { formatProblems } from "../config/problems.js";
import { tryBuildLab } from "./build.js";
import type { Lab } from "./types.js";

export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface LoadedLab {
  readonly lab: Lab;
  /** The stack's name as every tool uses it (safeStack). */
  readonly stack: string;
  readonly stackFile: string;
}

/** Stack file -> validated lab; problems reported exactly as Pulumi reports them. */
export function loadLab(stackOrPath: string): LoadedLab {
  let sf;
  try {
    sf = readStackFile(stackOrPath);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  const r = tryBuildLab(sf.lab);
  if (!r.ok) throw new ConfigError(formatProblems(r.problems));
  return { lab: r.lab, stack: safeStack(sf.stack), stackFile: sf.path };
}
