// The Node version the docs ask for is the one the program enforces: package.json's engines and
// src/node-version.ts MIN_NODE. A "Node 22+" would send a user with Node 22.11 into a refusal.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MIN_NODE } from "../../../src/node-version.js";
import { nonEmpty } from "../../support/non-empty.js";

const ROOT = join(__dirname, "..", "..", "..");
const PAGES = [
  "README.md",
  "CONTRIBUTING.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** Every stated minimum ("Node 22+", "Node 22.12 or later", "Node 22.12+"), as written. */
const minimums = (text: string): string[] => [...text.matchAll(/Node (\d+(?:\.\d+)*)(?:\+| or later| or newer)/g)].map((m) => m[1]!);

describe("the Node version the docs require", () => {
  it("package.json's engines and MIN_NODE agree (22.12)", () => {
    const engines = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { engines: { node: string } }).engines.node;
    expect(engines).toBe(">=22.12");
    expect(MIN_NODE.join(".")).toBe("22.12");
  });
  it.each(nonEmpty(PAGES.map((p) => [p])))("%s states no other minimum", (page) => {
    for (const v of minimums(readFileSync(join(ROOT, page), "utf8"))) expect(v, `${page}: Node ${v}`).toBe("22.12");
  });
  it("README and the Azure guide state it", () => {
    for (const page of ["README.md", "docs/deploy-azure.md"]) expect(minimums(readFileSync(join(ROOT, page), "utf8"))).toContain("22.12");
  });
  it("a made-up 'Node 22+' is read as a minimum of 22 (the check can fail)", () => {
    expect(minimums("You need Node 22+, and Node 20.1 or later elsewhere")).toEqual(["22", "20.1"]);
  });
});
