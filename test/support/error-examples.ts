// The golden error examples of test/errors/: one Pulumi stack file per config mistake, with its
// expectation written by hand in the header, and the problems the config checks find in it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { tryBuildLab } from "../../src/model/build.js";
import { LAB_KEY } from "../../src/config/stack-config.js";
import { stackKeyProblems } from "../../src/config/stack-file.js";
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

function problemsIn(text: string): Problem[] {
  const doc = (yaml.load(text) ?? {}) as { config?: Record<string, unknown> };
  const { config, problems: keys } = stackKeyProblems(doc.config ?? {});
  if (keys.length || config[LAB_KEY] === undefined) return keys;
  const r = tryBuildLab(config[LAB_KEY]);
  return r.ok ? [] : r.problems;
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
