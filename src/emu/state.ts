// A record of everything a lab made, written BEFORE each creation, so that `down` removes all
// of it even after a crash or Ctrl-C half-way through `up`.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** A process the lab started (daemon, listener): its PID, what it is, the namespace it runs in. */
export interface ProcessRecord {
  readonly pid: number;
  readonly what: string;
  readonly ns: string;
}

export interface LabState {
  readonly stack: string;
  readonly stackFile: string;
  startedAt: string;
  /** "creating" until up finished, then "up". */
  phase: "creating" | "up";
  /** Namespaces about to exist or existing. */
  namespaces: string[];
  /** Host directories made by the lab (removed on down, deepest first). */
  dirs: string[];
  /** Host directories that are bind-mount points for ip netns exec, made only because they were missing. */
  mountPoints: string[];
  /** Processes started (daemons, listeners), by PID, with what they are. */
  pids: ProcessRecord[];
}

export function newState(stack: string, stackFile: string): LabState {
  return { stack, stackFile, startedAt: new Date().toISOString(), phase: "creating", namespaces: [], dirs: [], mountPoints: [], pids: [] };
}

export function readState(file: string): LabState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LabState;
  } catch {
    return undefined;
  }
}

/** Atomic write (temp file + rename): a crash never leaves half a record. */
export function writeState(file: string, s: LabState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(s, null, 1));
  renameSync(tmp, file);
}

export function removeState(file: string): void {
  rmSync(file, { force: true });
}

/** Records what is about to be created, then returns (call before creating). */
export function record(file: string, s: LabState, add: Partial<Pick<LabState, "namespaces" | "dirs" | "mountPoints" | "pids">>): void {
  for (const k of ["namespaces", "dirs", "mountPoints"] as const) {
    for (const v of add[k] ?? []) if (!s[k].includes(v)) s[k].push(v);
  }
  for (const p of add.pids ?? []) if (!s.pids.some((q) => q.pid === p.pid)) s.pids.push(p);
  writeState(file, s);
}
