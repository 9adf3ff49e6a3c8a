// bin/lab.cjs runs the CLI from a bundle of src/: a change of any source must give a new bundle
// (never the old code), and the bundle must be the sources' own behaviour. Run on a throw-away
// project of two source files, with the real esbuild.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LAUNCHER } from "../../support/cli.js";

const { bundle, sourceKey, unwritable } = require(LAUNCHER) as {
  bundle: (root: string) => string;
  sourceKey: (root: string) => string;
  unwritable: (e: unknown) => boolean;
};

const root = mkdtempSync(join(tmpdir(), "hsv-launcher-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, "src", "cli"), { recursive: true });
writeFileSync(join(root, "package.json"), "{}\n");
const say = (word: string) => writeFileSync(join(root, "src", "cli", "word.ts"), `export const word: string = "${word}";\n`);
writeFileSync(join(root, "src", "cli", "entry.ts"), 'import { word } from "./word";\nconsole.log(word);\n');
const runBundle = (file: string) => execFileSync(process.execPath, [file], { encoding: "utf8" }).trim();

describe("the CLI's launcher (bin/lab.cjs)", () => {
  it("builds the sources into one file that does what they say, and reuses it while nothing changed", () => {
    say("first");
    const a = bundle(root);
    expect(runBundle(a)).toBe("first");
    expect(bundle(root)).toBe(a);
    expect(readdirSync(join(root, "bin", "dist"))).toEqual([a.split("/").at(-1)]);
  });

  it("a changed source gives another bundle with the new code, even when its time goes backwards", () => {
    say("first");
    const before = sourceKey(root);
    say("second");
    utimesSync(join(root, "src", "cli", "word.ts"), new Date(2001, 0, 1), new Date(2001, 0, 1));
    expect(sourceKey(root)).not.toBe(before);
    expect(runBundle(bundle(root))).toBe("second");
  });

  it("a bundle it may not write (bin/dist of another user, a read-only checkout) runs the sources through tsx; a compile error does not", () => {
    expect(
      unwritable(
        new Error("Build failed with 1 error:\nerror: Failed to write to output file: open /x/bin/dist/lab-0.cjs.1.tmp: permission denied"),
      ),
    ).toBe(true);
    expect(unwritable(Object.assign(new Error("EACCES: permission denied, mkdir '/x/bin/dist'"), { code: "EACCES" }))).toBe(true);
    expect(unwritable(new Error("EROFS: read-only file system, open '/x/bin/dist/lab-0.cjs'"))).toBe(true);
    expect(unwritable(new Error('Build failed with 1 error:\nsrc/cli/word.ts:1:28: ERROR: Unexpected ";"'))).toBe(false);
  });

  it("a source that does not compile: bundle throws (the launcher says so and exits 1), no bundle is left", () => {
    writeFileSync(join(root, "src", "cli", "word.ts"), "export const word: string = ;\n");
    const files = readdirSync(join(root, "bin", "dist")).length;
    expect(() => bundle(root)).toThrow();
    expect(readdirSync(join(root, "bin", "dist"))).toHaveLength(files);
  });
});
