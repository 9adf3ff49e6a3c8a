// Every config rule has a failing example: one stack file per example in test/errors/ (netlab's golden
// errors), its expected problem written by hand in its header (`# expect: <key> ... <fragment>`), the
// whole text the CLI prints for it in the .log beside it (test/unit/config/errors.test.ts). The rules
// are found in the source (test/support/rule-sites.ts): each add(key, message) call of
// src/config/rules/*.ts and src/config/stack-config.ts, each message the helpers return (Azure names,
// prefixes, addresses, reserved ports) and each schema constraint. A rule counts as shown only when an
// example's problem matches it better than any other rule. Add a rule without an example and this
// fails, naming file and line.
import { describe, expect, it } from "vitest";
import { callSites, helperMessages, ruleFiles, schemaConstraints, type CallSite, type HelperMessage } from "../../../support/rule-sites.js";
import { nonEmpty } from "../../../support/non-empty.js";
import { ERROR_EXAMPLES, type Problem } from "../../../support/error-examples.js";

const EXAMPLES = ERROR_EXAMPLES;
const SCHEMA = EXAMPLES.filter((e) => e.schema);

/** The rules each problem shows: of the rules it matches, those with the most literal text. */
function shown<R>(
  rules: readonly R[],
  problems: readonly Problem[],
  matches: (r: R, p: Problem) => boolean,
  score: (r: R) => number,
): Set<R> {
  const out = new Set<R>();
  for (const p of problems) {
    const hits = rules.filter((r) => matches(r, p));
    const best = Math.max(...hits.map(score));
    for (const r of hits) if (score(r) === best) out.add(r);
  }
  return out;
}

describe("every config rule has a failing example", () => {
  const all = EXAMPLES.flatMap((e) => e.problems());

  it.each(nonEmpty(EXAMPLES.map((e) => [e.file, e] as const)))("%s", (_file, e) => {
    const problems = e.problems();
    const at = problems.filter((p) => p.key === e.key);
    expect(at.map((p) => p.message).join("\n"), JSON.stringify(problems, null, 1)).toContain(e.fragment);
  });

  it("every add(key, message) call site in the rules and the stack-config keys is shown by an example", () => {
    const sites = callSites([...ruleFiles("src/config/rules"), "src/config/stack-config.ts"]);
    expect(sites.length).toBeGreaterThan(60);
    const specific = sites.filter((s) => !s.forwards);
    const covered = shown(
      specific,
      all,
      (s, p) => s.key.test(p.key) && s.message.test(p.message),
      (s: CallSite) => s.score,
    );
    expect(specific.filter((s) => !covered.has(s)).map((s) => `${s.where}: ${s.message.source}`)).toEqual([]);
  });

  it("the call sites that only forward a helper's message are the known ones (their helpers are checked below)", () => {
    const forwards = callSites([...ruleFiles("src/config/rules"), "src/config/stack-config.ts"]).filter((s) => s.forwards);
    const files = forwards.map((s) => s.where.replace(/:\d+$/, "")).sort();
    // prefixProblem/addressProblem (`?? "<fallback>"` where the helper always answers; pair.ts: hub.pair.frontend),
    // nameProblem (azure-names own()), and bastion.ts's two local add()s.
    expect(files).toEqual([
      "src/config/rules/access.ts",
      "src/config/rules/address-spaces.ts",
      "src/config/rules/azure-names.ts",
      "src/config/rules/bastion.ts",
      "src/config/rules/bastion.ts",
      "src/config/rules/link-ends.ts",
      "src/config/rules/pair.ts",
      "src/config/rules/per-vnet.ts",
      "src/config/rules/per-vnet.ts",
    ]);
  });

  it("every message of the helpers (Azure names, prefixes, addresses, reserved ports and ASNs) is shown by an example", () => {
    const helpers = [
      ...helperMessages("src/platform/names.ts", ["nameProblem"]),
      ...helperMessages("src/net/cidr.ts", ["prefixProblem", "addressProblem"]),
      ...helperMessages("src/platform/network.ts", [], ["RESERVED_PORTS"]),
      ...helperMessages("src/platform/asn.ts", [], ["RESERVED_ASNS"]),
    ];
    expect(helpers.length).toBeGreaterThan(10);
    const covered = shown(
      helpers,
      all,
      (h, p) => h.message.test(p.message),
      (h: HelperMessage) => h.score,
    );
    expect(helpers.filter((h) => !covered.has(h)).map((h) => `${h.where}: ${h.message.source}`)).toEqual([]);
  });

  it("every constraint of the schema has an example, and every schema example names a constraint that exists", () => {
    const ids = schemaConstraints("src/config/schema.ts");
    expect(ids.length).toBeGreaterThan(20);
    const named = SCHEMA.map((e) => e.schema!);
    expect(ids.filter((id) => !named.includes(id))).toEqual([]);
    expect(named.filter((id) => !ids.includes(id))).toEqual([]);
  });
});
