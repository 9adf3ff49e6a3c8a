// Every it.each / describe.each / test.each in test/ goes through nonEmpty (test/support/non-empty.ts):
// over an empty list they would run nothing and pass.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nonEmpty } from "../../support/non-empty.js";

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );

/** `<file>:<line>: <text>` of each .each( call whose argument is not nonEmpty(...). */
export function unguardedEach(sources: readonly { file: string; text: string }[]): string[] {
  return sources.flatMap(({ file, text }) =>
    [...text.matchAll(/\b(?:it|describe|test)\.each\((?!\s*nonEmpty\()/g)].map((m) => {
      const line = text.slice(0, m.index).split("\n").length;
      return `${file}:${line}: ${text.split("\n")[line - 1]!.trim()}`;
    }),
  );
}

describe("it.each lists are never empty", () => {
  it("nonEmpty passes a list through and throws on an empty one", () => {
    expect(nonEmpty([1, 2])).toEqual([1, 2]);
    expect(() => nonEmpty([])).toThrow(/is empty: the test would run nothing and pass/);
  });

  it("the scan finds an unguarded call (and accepts a guarded one)", () => {
    expect(unguardedEach([{ file: "x.ts", text: 'a\nit.each([1])("%d", () => {});\nit.each(nonEmpty([1]))("%d", () => {});' }])).toEqual([
      'x.ts:2: it.each([1])("%d", () => {});',
    ]);
  });

  it("every .each in test/ goes through nonEmpty", () => {
    const sources = files("test").map((file) => ({ file, text: readFileSync(file, "utf8") }));
    expect(sources.filter((s) => /\.each\(/.test(s.text)).length).toBeGreaterThan(0);
    expect(unguardedEach(sources.filter((s) => !s.file.endsWith(join("support", "non-empty.test.ts"))))).toEqual([]);
  });
});
