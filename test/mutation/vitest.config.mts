// The tests Stryker runs against each mutant: the pure ones (unit, Pulumi mocks), no root, no Debian tools.
// Left out: tests that start child processes (a nested vitest, the CLI through tsx). The child runs
// without Stryker's active-mutant switch, so it cannot kill a mutant; it only costs minutes per run
// on 2 shared cores (and support/ci-skip.test.ts's nested vitest would read the sandbox's config, not the project's).
// MUTATION_TESTS narrows the set for a per-folder run: comma-separated globs under test/, e.g.
// "unit/config/**/*,unit/model/*" (a Pulumi mock test costs ~1 s per mutant; a test file that builds a lab
// while it is collected makes every mutant on that path "static", see stryker.config.mjs ignoreStatic).
import { defineConfig } from "vitest/config";

const only = process.env.MUTATION_TESTS?.split(",").map((g) => `test/${g.trim()}.test.ts`);
const include = only ?? ["test/unit/**/*.test.ts", "test/mock/**/*.test.ts"];

export default defineConfig({
  test: {
    include,
    exclude: ["test/unit/support/ci-skip.test.ts", "test/unit/cli/config-error-text.test.ts", "**/node_modules/**"],
    pool: "forks",
    // One worker for every unit file: Stryker switches mutants at run time and those files share no state.
    // The Pulumi mock files do share state (the engine's mocks and config): isolated (stryker.config.mjs).
    isolate: process.env.MUTATION_ISOLATE === "1",
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
