// A Pulumi stack file read for the emulation: the same validation and error text as Pulumi's,
// then the lab's emulation topology.
import { readStackFile } from "../config/stack-file.js";
import { tryBuildLab } from "../model/build.js";
import { formatProblems } from "../config/problems.js";
import type { Lab } from "../model/types.js";
import { buildTopology, type Topology } from "./namespaces.js";

export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface Loaded {
  readonly lab: Lab;
  readonly topo: Topology;
  readonly stackFile: string;
}

/** Stack file -> validated lab and topology; problems reported exactly as Pulumi reports them. */
export function loadStack(stackOrPath: string): Loaded {
  let sf;
  try {
    sf = readStackFile(stackOrPath);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  const r = tryBuildLab(sf.lab);
  if (!r.ok) throw new ConfigError(formatProblems(r.problems));
  return { lab: r.lab, topo: buildTopology(r.lab, sf.stack), stackFile: sf.path };
}
