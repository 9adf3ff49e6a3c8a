// The tests Stryker runs against each mutant: the pure ones (unit, Pulumi mocks), no root, no Debian tools.
// Left out: tests that start child processes (a nested vitest, the CLI through tsx). The child runs
// without Stryker's active-mutant switch, so it cannot kill a mutant; it only costs minutes per run
// on 2 shared cores (and ci-skip's nested vitest would read the sandbox's config, not the project's).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts", "test/mock/**/*.test.ts"],
    exclude: ["test/unit/ci-skip.test.ts", "test/unit/readme-config-error.test.ts", "**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
