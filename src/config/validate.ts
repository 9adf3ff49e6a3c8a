// Raw config -> validated config, or every problem at once: the shape, the defaults that depend on
// other values, then the rules. No model is built here (src/model/build.ts does that), so readers of
// stack files judge a config without depending on the model.
import { labSchema, type LabConfig } from "./schema.js";
import { pathKey, type Problem } from "./problems.js";
import { resolveDefaults } from "./defaults.js";
import { checkLab } from "./rules/index.js";
import { partialProblems } from "./partial.js";
import { SEED_LAB } from "./seed.js";

/** On failure, config is the parsed config when only the rules failed (callers add their own checks to it). */
export type ValidateResult = { ok: true; config: LabConfig } | { ok: false; problems: Problem[]; config?: LabConfig };

/** Validates raw config (undefined = the seed lab). */
export function validateLab(raw: unknown): ValidateResult {
  const parsed = labSchema.safeParse(raw ?? SEED_LAB);
  if (!parsed.success) {
    const shape = parsed.error.issues.map((i) => ({ key: pathKey(i.path), message: i.message }));
    return { ok: false, problems: [...shape, ...partialProblems(raw ?? SEED_LAB, parsed.error.issues)] };
  }
  const config = resolveDefaults(parsed.data);
  const problems = checkLab(config);
  if (problems.length) return { ok: false, problems, config };
  return { ok: true, config };
}
