import { defineConfig } from "vitest/config";

// Projects: unit, mock and validators run files in parallel; the emulation runs after them, one file at
// a time (its tests own network namespaces and FRR daemons, and poll timings a loaded machine would stretch).
export default defineConfig({
  test: {
    // Two cores here and in CI: vitest would keep one of them idle by default.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ["default", "./test/support/summary-reporter.ts"],
    projects: [
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      // Pulumi's mocks and config are process-wide: each file in its own worker (isolate, the default).
      { extends: true, test: { name: "mock", include: ["test/mock/**/*.test.ts"] } },
      { extends: true, test: { name: "validators", include: ["test/validators/**/*.test.ts"] } },
      {
        extends: true,
        test: { name: "emu", include: ["test/emu/**/*.test.ts"], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
