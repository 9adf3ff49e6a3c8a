// A Pulumi stack file read for the emulation: the validated lab (src/model/load.ts), then its topology.
import { loadLab } from "../model/load.js";
import type { Lab } from "../model/types.js";
import { buildTopology, type Topology } from "./commands/topology.js";

export interface Loaded {
  readonly lab: Lab;
  readonly topo: Topology;
  readonly stackFile: string;
}

/** Stack file -> validated lab and topology; a broken stack is a ConfigError (src/model/load.ts). */
export function loadStack(stackOrPath: string): Loaded {
  const { lab, stack, stackFile } = loadLab(stackOrPath);
  return { lab, topo: buildTopology(lab, stack), stackFile };
}
