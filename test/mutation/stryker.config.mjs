// StrykerJS, one slice of the code at a time (MUTATION_SLICE=config|model|azure|render|routing|graph|emu, or
// `npm run mutation` for all of them in turn: test/mutation/run.sh). Each slice runs against the tests
// that exercise it (MUTATION_TESTS, read by vitest.config.mts), keeps its own incremental file and
// report under reports/mutation/<slice>/, and `npm run mutation:score` prints the table docs/measurements.md shows.
// perTest coverage runs each mutant only against the tests that reach it; ignoreStatic leaves out
// mutants only reached while test files load (they would need every test); so the mock tests run the
// Pulumi program from beforeEach through test/mock/harness.ts sharedRun, never from beforeAll.
const slices = {
  // Every unit test: config and model facts are asserted where they are used (effective routes, the fabric's NSGs, cloud-init).
  config: { mutate: ["src/config/**/*.ts", "src/platform/**/*.ts", "src/net/**/*.ts"], tests: "unit/**/*" },
  model: { mutate: ["src/model/**/*.ts"], tests: "unit/**/*" },
  // Not creation-pin.ts: Pulumi serializes a dynamic provider's code, and instrumented code does not serialize.
  azure: { mutate: ["src/azure/**/*.ts", "!src/azure/creation-pin.ts"], tests: "mock/*,unit/azure/*", isolate: true },
  // The pure code, one folder a slice so a folder re-runs alone: cloud-init and router files, effective
  // routes and expectations, graphs, the emulated topology (the files that run no process).
  render: { mutate: ["src/render/**/*.ts"], tests: "unit/**/*,validators/*" },
  routing: { mutate: ["src/routing/**/*.ts", "src/probe/**/*.ts"], tests: "unit/**/*,validators/*" },
  graph: { mutate: ["src/graph/**/*.ts"], tests: "unit/**/*,validators/*" },
  emu: { mutate: ["src/emu/commands/fabric.ts", "src/emu/commands/fabric-nsg.ts", "src/emu/commands/topology.ts", "src/emu/stack.ts"], tests: "unit/**/*,validators/*" },
};

const name = process.env.MUTATION_SLICE ?? "model";
const slice = slices[name];
if (!slice) throw new Error(`MUTATION_SLICE=${name}: not one of ${Object.keys(slices).join(", ")}`);
process.env.MUTATION_TESTS ??= slice.tests;
if (slice.isolate) process.env.MUTATION_ISOLATE = "1";

export default {
  $schema: "../../node_modules/@stryker-mutator/core/schema/stryker-schema.json",
  packageManager: "npm",
  testRunner: "vitest",
  // pool: Stryker passes its own vitest.pool (default threads) over the config file's; in worker
  // threads the Pulumi program fails ("error serializing property output…"), in forks it runs.
  vitest: { configFile: "test/mutation/vitest.config.mts", pool: "forks" },
  checkers: ["typescript"],
  // The checker type-checks the program only (not test/, bench/): a third of the files, so it keeps up with the runners.
  tsconfigFile: "test/mutation/tsconfig.json",
  coverageAnalysis: "perTest",
  ignoreStatic: true,
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 4),
  mutate: slice.mutate,
  ignorePatterns: ["bench/out", ".lab-state"],
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: `reports/mutation/${name}/mutation.json` },
  htmlReporter: { fileName: `reports/mutation/${name}/mutation.html` },
  tempDirName: ".stryker-tmp",
  thresholds: { high: 90, low: 85, break: null },
  incremental: true,
  incrementalFile: `reports/mutation/${name}/stryker-incremental.json`,
  timeoutMS: 20000,
};
