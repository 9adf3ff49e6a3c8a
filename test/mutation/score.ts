// npm run mutation:score: the per-folder scores of the last StrykerJS runs (reports/mutation/<slice>/
// mutation.json, written by test/mutation/run.sh), as docs/measurements.md's table, then every mutant of the
// model rules and the Azure adapter that survived and is not listed in EQUIVALENT.md.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Table from "cli-table3";
import { calculateMetrics } from "mutation-testing-metrics";
import type { FileResult, MutantResult } from "mutation-testing-report-schema";

const ROOT = join(__dirname, "..", "..");
const REPORTS = join(ROOT, "reports", "mutation");
// First match wins: the rule files are reported apart from the rest of the config.
const FOLDERS = [
  "src/config/rules/",
  "src/config/",
  "src/platform/",
  "src/net/",
  "src/model/",
  "src/render/",
  "src/azure/",
  "src/routing/",
  "src/probe/",
  "src/graph/",
  "src/emu/",
];
/** Folders whose every surviving mutant must be killed or explained. */
const STRICT = ["src/config/rules/", "src/azure/"];

const files: Record<string, FileResult> = {};
for (const slice of existsSync(REPORTS) ? readdirSync(REPORTS) : []) {
  const report = join(REPORTS, slice, "mutation.json");
  if (!existsSync(report)) continue;
  const { files: f } = JSON.parse(readFileSync(report, "utf8")) as { files: Record<string, FileResult> };
  Object.assign(files, f);
}
if (Object.keys(files).length === 0) {
  console.error(`no reports under ${REPORTS}: run npm run mutation first`);
  process.exit(2);
}

const folderOf = (path: string) => FOLDERS.find((f) => path.startsWith(f)) ?? "other";
const table = new Table({
  head: ["folder", "mutants", "static (ignored)", "type errors", "killed", "timeout", "survived", "no coverage", "score %"],
});
for (const folder of [...FOLDERS, "other"]) {
  const mine = Object.fromEntries(Object.entries(files).filter(([p]) => folderOf(p) === folder));
  if (Object.keys(mine).length === 0) continue;
  const m = calculateMetrics(mine).metrics;
  table.push([
    folder,
    m.totalMutants,
    m.ignored,
    m.compileErrors,
    m.killed,
    m.timeout,
    m.survived,
    m.noCoverage,
    m.mutationScore.toFixed(2),
  ]);
}
console.log(table.toString());

// EQUIVALENT.md rows start "| file:line:col | Mutator ...".
const equivalent = new Set(
  [...readFileSync(join(__dirname, "EQUIVALENT.md"), "utf8").matchAll(/^\| (src\/\S+:\d+:\d+) \| (\w+)/gm)].map((m) => `${m[1]} ${m[2]}`),
);
const open: string[] = [];
for (const [path, f] of Object.entries(files)) {
  if (!STRICT.some((s) => path.startsWith(s))) continue;
  for (const mu of f.mutants as MutantResult[]) {
    if (mu.status !== "Survived" && mu.status !== "NoCoverage") continue;
    const at = `${path}:${mu.location.start.line}:${mu.location.start.column}`;
    if (!equivalent.has(`${at} ${mu.mutatorName}`))
      open.push(`${at} ${mu.mutatorName} ${mu.status} → ${JSON.stringify(mu.replacement ?? "")}`);
  }
}
// A folder with no report has no survivors to list: say so instead of counting it as zero.
const unreported = FOLDERS.filter((f) => !Object.keys(files).some((p) => folderOf(p) === f));
if (unreported.length) console.log(`\nno report for ${unreported.join(", ")}: their slice has not run here (MUTATION_SLICE=…)`);
const checked = STRICT.filter((s) => !unreported.includes(s));
console.log(`\nsurviving mutants in ${checked.join(", ") || "(none reported)"} not in EQUIVALENT.md: ${open.length}`);
for (const o of open.sort((a, b) => a.localeCompare(b, "en", { numeric: true }))) console.log(`  ${o}`);
