// Ends the run with one plain line, "N passed, N failed, N skipped", that any CI can read.
// Under CI=true a skipped test fails the run (exit code 1): CI must never pass by skipping.
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const n = { passed: 0, failed: 0, skipped: 0 };
    const skipped: string[] = [];
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === "passed") n.passed++;
        else if (state === "failed") n.failed++;
        else {
          n.skipped++;
          skipped.push(`${m.relativeModuleId} > ${t.fullName}`);
        }
      }
      // A file that failed to load has no tests but must still count as a failure.
      if (m.state() === "failed" && ![...m.children.allTests()].some((t) => t.result().state === "failed")) n.failed++;
    }
    if (process.env.CI === "true" && skipped.length) {
      process.stdout.write(`\nCI=true: ${skipped.length} skipped test(s) fail the run:\n${skipped.map((s) => `  - ${s}`).join("\n")}\n`);
      process.exitCode = 1;
    }
    process.stdout.write(`\n${n.passed} passed, ${n.failed} failed, ${n.skipped} skipped\n`);
  }
}
