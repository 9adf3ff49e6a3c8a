// The layers of src/ import downwards only (net <- platform <- config <- model <- the readers of the
// model <- the adapters <- cli), and the commands that need no lab (graph, plan, verify --from) load no
// emulation code at run time. Read from the source text, so a new upward import turns this red.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../support/cli.js";
import { nonEmpty } from "../../support/non-empty.js";

/** Lower rank = lower layer; a file may import its own layer or lower ones. */
const RANK: Record<string, number> = {
  net: 0,
  "prereq.ts": 0,
  "node-version.ts": 0,
  "nearest.ts": 0,
  // The probe contract imports nothing: the model's NSGs read its port, the walk its hop limit.
  "probe/contract.ts": 3,
  // The BGP judge reads only the model's types, and the contract's verify result carries its results.
  "probe/bgp.ts": 3,
  platform: 1,
  config: 2,
  model: 3,
  routing: 4,
  probe: 4,
  render: 4,
  graph: 4,
  plan: 4,
  azure: 5,
  emu: 5,
  cli: 6,
};

const SRC = join(ROOT, "src");
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );

/** Relative imports of a source text; `import type` and `export type` are erased at run time. */
export function importsOf(text: string): { spec: string; typeOnly: boolean }[] {
  return [...text.matchAll(/^(import|export)\s+(type\s+)?(?:[^;"]*?from\s+)?"(\.[^"]+)"/gms)].map((m) => ({
    spec: m[3]!,
    typeOnly: !!m[2],
  }));
}

/** A file with its own rank, else its folder's. */
const layerOf = (file: string) => (relative(SRC, file) in RANK ? relative(SRC, file) : relative(SRC, file).split("/")[0]!);

export function upwardImports(graph: ReadonlyMap<string, readonly { target: string }[]>): string[] {
  const out: string[] = [];
  for (const [file, deps] of graph) {
    const from = RANK[layerOf(file)];
    for (const { target } of deps) {
      const to = RANK[layerOf(target)];
      if (from === undefined || to === undefined) out.push(`${relative(SRC, file)}: layer unknown (${relative(SRC, target)})`);
      else if (to > from) out.push(`${relative(SRC, file)} imports ${relative(SRC, target)} (a higher layer)`);
    }
  }
  return out;
}

function graphOf(): Map<string, { target: string; typeOnly: boolean }[]> {
  const g = new Map<string, { target: string; typeOnly: boolean }[]>();
  for (const f of files(SRC))
    g.set(
      f,
      importsOf(readFileSync(f, "utf8")).map(({ spec, typeOnly }) => ({
        target: join(dirname(f), spec.replace(/\.js$/, ".ts")),
        typeOnly,
      })),
    );
  return g;
}

/** Every src file a file loads at run time, itself included. */
function runtimeClosure(g: ReadonlyMap<string, readonly { target: string; typeOnly: boolean }[]>, start: string): Set<string> {
  const seen = new Set<string>();
  const todo = [start];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const d of g.get(f) ?? []) if (!d.typeOnly) todo.push(d.target);
  }
  return seen;
}

describe("src/ layers", () => {
  const g = graphOf();

  it("every import resolves to a file of src/", () => {
    const missing = [...g].flatMap(([f, deps]) => deps.filter((d) => !g.has(d.target)).map((d) => `${relative(SRC, f)} -> ${d.target}`));
    expect(g.size).toBeGreaterThan(80);
    expect(missing).toEqual([]);
  });

  it("no file imports a higher layer", () => {
    expect(upwardImports(g)).toEqual([]);
  });

  it("the check sees an upward import (config importing the model) and a type-only one", () => {
    const cfg = join(SRC, "config", "x.ts");
    const fake = new Map([[cfg, [{ target: join(SRC, "model", "build.ts") }]]]);
    expect(upwardImports(fake)).toEqual(["config/x.ts imports model/build.ts (a higher layer)"]);
    expect(importsOf('import type { A } from "./a.js";\nimport { b } from "../b.js";\nimport "./c.js";')).toEqual([
      { spec: "./a.js", typeOnly: true },
      { spec: "../b.js", typeOnly: false },
      { spec: "./c.js", typeOnly: false },
    ]);
  });

  it.each(nonEmpty([["cli/verbs/graph.ts"], ["cli/verbs/plan.ts"], ["cli/verify-from.ts"], ["model/load.ts"]]))(
    "%s loads no emulation code at run time",
    (file) => {
      const closure = [...runtimeClosure(g, join(SRC, file))].map((f) => relative(SRC, f));
      expect(closure.length).toBeGreaterThan(3);
      expect(closure.filter((f) => f.startsWith("emu/"))).toEqual([]);
    },
  );

  it("the closure follows run-time imports (cli/main.ts does load the emulation)", () => {
    const closure = [...runtimeClosure(g, join(SRC, "cli", "main.ts"))].map((f) => relative(SRC, f));
    expect(closure).toContain("emu/lifecycle.ts");
  });

  // containerlab's split: a topology and its commands are data; only the adapters run them.
  const IO = /^import\s+(?!type\s)[^;"]*?from\s+"node:(child_process|fs|fs\/promises|os|net|dgram)"/gms;
  /** What a file of src/emu/commands/ must not do at run time: load node I/O or an emu file outside commands/. */
  const commandsIo = (file: string, text: string, deps: readonly { target: string; typeOnly: boolean }[]): string[] => [
    ...[...text.matchAll(IO)].map((m) => `${relative(SRC, file)} loads node:${m[1]}`),
    ...deps
      .filter((d) => !d.typeOnly && relative(SRC, d.target).startsWith("emu/") && !relative(SRC, d.target).startsWith("emu/commands/"))
      .map((d) => `${relative(SRC, file)} loads ${relative(SRC, d.target)}`),
  ];

  it("src/emu/commands/ builds commands and runs none: no node I/O, no emu adapter loaded", () => {
    const pure = [...g].filter(([f]) => relative(SRC, f).startsWith("emu/commands/"));
    expect(pure.length).toBeGreaterThan(6);
    expect(pure.flatMap(([f, deps]) => commandsIo(f, readFileSync(f, "utf8"), deps))).toEqual([]);
  });

  it("the purity check sees a process import and an adapter import (a type-only one is fine)", () => {
    const f = join(SRC, "emu", "commands", "x.ts");
    const text = 'import { spawn } from "node:child_process";\nimport type { Stats } from "node:fs";';
    const deps = [
      { target: join(SRC, "emu", "exec.ts"), typeOnly: false },
      { target: join(SRC, "emu", "stack.ts"), typeOnly: true },
      { target: join(SRC, "emu", "commands", "argv.ts"), typeOnly: false },
    ];
    expect(commandsIo(f, text, deps)).toEqual(["emu/commands/x.ts loads node:child_process", "emu/commands/x.ts loads emu/exec.ts"]);
  });

  it("bench/ imports from src/, never from test/ (a benchmark is no test)", () => {
    const bench = join(ROOT, "bench");
    const fromTest = files(bench).flatMap((f) =>
      importsOf(readFileSync(f, "utf8"))
        .filter(({ spec }) => relative(ROOT, join(dirname(f), spec)).startsWith("test/"))
        .map(({ spec }) => `${relative(ROOT, f)}: ${spec}`),
    );
    expect(files(bench).length).toBeGreaterThan(2);
    expect(fromTest).toEqual([]);
  });
});
