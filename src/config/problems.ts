// Config problems: all of them reported at once, each naming its config key and rule.
export const CONFIG_NS = "hub-spoke-vxlan";

export interface Problem {
  /** Path inside the lab config, e.g. "sites[0].tunnel.vni". */
  readonly key: string;
  readonly message: string;
}

export class LabConfigError extends Error {
  constructor(
    readonly problems: readonly Problem[],
    readonly configKey = `${CONFIG_NS}:lab`,
  ) {
    super(formatProblems(problems, configKey));
    this.name = "LabConfigError";
  }
}

/** One problem a line, "  - <full config key>: <message>". */
export const problemLines = (problems: readonly Problem[], configKey = `${CONFIG_NS}:lab`): string[] =>
  problems.map((p) => `  - ${p.key ? `${configKey}.${p.key}` : configKey}: ${p.message}`);

/** The one report format, the same in the CLI and under `pulumi up`. */
export function formatReport(lines: readonly string[]): string {
  const n = lines.length;
  return `invalid stack config (${n} problem${n === 1 ? "" : "s"}):\n${lines.join("\n")}`;
}

export const formatProblems = (problems: readonly Problem[], configKey = `${CONFIG_NS}:lab`): string =>
  formatReport(problemLines(problems, configKey));

export function pathKey(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`)).join("");
}

export type AddProblem = (key: string, message: string) => void;

/** A problem list and the add(key, message) that appends to it: the shape of every rule section. */
export function problemList(): { problems: Problem[]; add: AddProblem } {
  const problems: Problem[] = [];
  return { problems, add: (key, message) => void problems.push({ key, message }) };
}
