// hostHas looks a tool up as `command -v` would (an executable file on PATH, or at its path), in
// Node, without a shell per tool: the prerequisite check asks for about fifteen.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hostHas } from "../../../src/emu/exec.js";

const dir = mkdtempSync(join(tmpdir(), "hsv-hosthas-"));
const tool = join(dir, "bin", "hsv-tool");
const plain = join(dir, "bin", "hsv-not-executable");
mkdirSync(join(dir, "bin"));
mkdirSync(join(dir, "bin", "hsv-a-folder"));
writeFileSync(tool, "#!/bin/sh\n");
chmodSync(tool, 0o755);
writeFileSync(plain, "");
chmodSync(plain, 0o644);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("hostHas", () => {
  it("finds an executable on PATH, and by its path", () => {
    const path = process.env.PATH;
    process.env.PATH = `/nonexistent::${join(dir, "bin")}`;
    try {
      expect(hostHas("hsv-tool")).toBe(true);
      expect(hostHas("hsv-not-executable")).toBe(false);
      expect(hostHas("hsv-a-folder")).toBe(false);
      expect(hostHas("hsv-absent")).toBe(false);
    } finally {
      process.env.PATH = path;
    }
    expect(hostHas(tool)).toBe(true);
    expect(hostHas(plain)).toBe(false);
    expect(hostHas(join(dir, "bin", "hsv-absent"))).toBe(false);
  });
  it("a tool not on PATH is absent even if it exists elsewhere", () => {
    expect(hostHas("hsv-tool")).toBe(false);
  });
});
