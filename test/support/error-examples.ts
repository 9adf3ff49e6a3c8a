// The golden error examples of test/errors/: one Pulumi stack file per config mistake, with its
// expectation written by hand in the header, and the problems the config checks find in it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { judgeStackConfig } from "../../src/model/settings.js";
import { ROOT } from "./cli.js";

export interface Problem {
  readonly key: string;
  readonly message: string;
}

export interface ErrorExample {
  /** Path from the repository root, e.g. test/errors/ssh-from-anywhere.yml. */
  readonly file: string;
  readonly what: string;
  /** Hand-written: the problem's key, and text its message must contain. */
  readonly key: string;
  readonly fragment: string;
  /** The schema constraint (rule-sites.ts schemaConstraints id) the example shows. */
  readonly schema?: string;
  /** Every problem the checks find: the stack keys', then the lab's (keys relative to the lab). */
  readonly problems: () => Problem[];
}

export const ERRORS_DIR = join(ROOT, "test", "errors");

const header = (text: string, name: string): string | undefined => new RegExp(`^# ${name}: (.*)$`, "m").exec(text)?.[1];

/** As the CLI judges the file (src/model/load.ts): the lab's problems keyed inside the lab, the others by their full key. */
function problemsIn(text: string): Problem[] {
  const doc = (yaml.load(text) ?? {}) as { config?: Record<string, unknown> };
  const r = judgeStackConfig(doc.config ?? {}, { deploy: false });
  if (r.ok) return [];
  return r.groups.flatMap((g) =>
    g.inLab ? g.problems : g.problems.map((p) => ({ key: p.key ? `${g.key}.${p.key}` : g.key, message: p.message })),
  );
}

export function readExample(file: string): ErrorExample {
  const text = readFileSync(join(ROOT, file), "utf8");
  const what = /^# (.*)$/m.exec(text)?.[1];
  const expectLine = header(text, "expect");
  const m = expectLine ? /^(\S*) \.\.\. (.+)$/.exec(expectLine) : null;
  if (!what || !m) throw new Error(`${file}: needs "# <what>" and "# expect: <key> ... <fragment>" at the top`);
  const schema = header(text, "schema");
  return { file, what, key: m[1]!, fragment: m[2]!, ...(schema ? { schema } : {}), problems: () => problemsIn(text) };
}

export const ERROR_EXAMPLES: readonly ErrorExample[] = readdirSync(ERRORS_DIR)
  .filter((f) => f.endsWith(".yml"))
  .sort()
  .map((f) => readExample(`test/errors/${f}`));
