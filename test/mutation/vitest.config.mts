// The tests Stryker runs against each mutant: the pure ones (unit, Pulumi mocks), no root, no Debian tools.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts", "test/mock/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
