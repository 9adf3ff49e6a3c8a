// The docs point at things that exist: every relative link (and its #anchor) and every backticked repo path in README.md,
// CONTRIBUTING.md and docs/*.md names a file or folder of the repo; README stays a landing page (at most
// 250 lines) and links every docs/ page. A made-up text shows each check can fail.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";
import { nonEmpty } from "../../support/non-empty.js";

const ROOT = join(__dirname, "..", "..", "..");
const README_MAX_LINES = 250;
/** Folders whose paths the docs name in backticks. */
const REPO_FOLDERS = ["src", "test", "docs", "cloud-init", "bench"];

/** Markdown links `[text](target)` that are not absolute URLs, as [file, anchor]; file "" is the page itself. */
function linkTargets(text: string): [string, string | undefined][] {
  const out: [string, string | undefined][] = [];
  for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const [file, anchor] = target.split("#") as [string, string | undefined];
    out.push([file, anchor]);
  }
  return out;
}

/** Relative links to files, without their #anchor. */
function relativeLinks(text: string): string[] {
  return linkTargets(text)
    .map(([file]) => file)
    .filter((file) => file !== "");
}

/** The anchors GitHub gives a Markdown page's headings: lower case, punctuation dropped, spaces as hyphens. */
function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  for (const m of text.replace(/```[\s\S]*?```/g, "").matchAll(/^#{1,6} (.+)$/gm))
    anchors.add(
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-"),
    );
  return anchors;
}

/** Backticked repo paths (`src/...`, `test/...`, ...); spans with a placeholder or pattern (<x>, {a,b}, *, …) or spaces are not paths. */
function backtickedPaths(text: string): string[] {
  const out: string[] = [];
  const prefix = new RegExp(`^(${REPO_FOLDERS.join("|")})/`);
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    const span = m[1]!;
    if (!prefix.test(span) || /[\s<>{}*…]/.test(span)) continue;
    out.push(span.replace(/[.,:;]$/, ""));
  }
  return out;
}

/** Every reference in `text` (a file at `file`, relative to `root`) that names nothing in `root`. */
function missingReferences(root: string, file: string, text: string): string[] {
  const missing: string[] = [];
  for (const [link, anchor] of linkTargets(text)) {
    const target = link === "" ? join(root, file) : normalize(join(dirname(join(root, file)), link));
    if (link !== "" && !existsSync(target)) missing.push(`${file}: link ${link}`);
    else if (anchor !== undefined && target.endsWith(".md")) {
      const page = link === "" ? text : readFileSync(target, "utf8");
      if (!headingAnchors(page).has(anchor)) missing.push(`${file}: anchor ${link}#${anchor}`);
    }
  }
  for (const path of backtickedPaths(text)) if (!existsSync(join(root, path))) missing.push(`${file}: path ${path}`);
  return missing;
}

/** Lines of a text as an editor counts them (a final newline ends the last line). */
function lineCount(text: string): number {
  return text.replace(/\n$/, "").split("\n").length;
}

/** docs/*.md pages README does not link to. */
function unlinkedPages(readme: string, pages: readonly string[]): string[] {
  const linked = new Set(relativeLinks(readme).map((l) => normalize(l)));
  return pages.filter((p) => !linked.has(normalize(p)));
}

const docPages = readdirSync(join(ROOT, "docs"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => `docs/${f}`)
  .sort();
const files = ["README.md", ...(existsSync(join(ROOT, "CONTRIBUTING.md")) ? ["CONTRIBUTING.md"] : []), ...docPages];
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");

describe("the docs", () => {
  it("has the pages the README maps", () => expect(docPages.length).toBeGreaterThan(0));

  it.each(nonEmpty(files))("%s: every relative link and backticked repo path exists", (file) => {
    expect(missingReferences(ROOT, file, read(file))).toEqual([]);
  });

  it(`README.md has at most ${README_MAX_LINES} lines`, () => {
    expect(lineCount(read("README.md"))).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it("README.md links every docs/ page", () => {
    expect(unlinkedPages(read("README.md"), docPages)).toEqual([]);
  });
});

describe("the checks fail on a made-up text", () => {
  const text = [
    "See [the CLI](docs/no-such-page.md#verify), [a real page](README.md) and [Learn](https://learn.microsoft.com/x).",
    "Code in `src/no-such-folder/x.ts`, `src/net/cidr.ts`, `test/unit/<folder>/<file>.test.ts`, `src/emu/{a,b}.ts`.",
    "A [local anchor](#here) to no heading; `npm run lab -- up` is not a path.",
  ].join("\n");

  it("finds the links and paths it should, and only those", () => {
    expect(relativeLinks(text)).toEqual(["docs/no-such-page.md", "README.md"]);
    expect(backtickedPaths(text)).toEqual(["src/no-such-folder/x.ts", "src/net/cidr.ts"]);
  });

  it("reports the link, the anchor and the path that name nothing", () => {
    expect(missingReferences(ROOT, "made-up.md", text)).toEqual([
      "made-up.md: link docs/no-such-page.md",
      "made-up.md: anchor #here",
      "made-up.md: path src/no-such-folder/x.ts",
    ]);
  });

  it("reports an anchor no heading of the target page has", () => {
    const page = "## Tunnel encryption (`features.encryption`)\n\n[ok](#tunnel-encryption-featuresencryption) [bad](#no-such-heading)";
    expect(missingReferences(ROOT, "made-up.md", page)).toEqual(["made-up.md: anchor #no-such-heading"]);
    expect(missingReferences(ROOT, "docs/made-up.md", "[ok](cli.md#verify) [bad](cli.md#nowhere)")).toEqual([
      "docs/made-up.md: anchor cli.md#nowhere",
    ]);
  });

  it("resolves a link from the page's own folder", () => {
    expect(missingReferences(ROOT, "docs/made-up.md", "[up](../README.md) [sibling](cli.md) [wrong](README.md)")).toEqual([
      "docs/made-up.md: link README.md",
    ]);
  });

  it("reports a docs page README does not link, and a README over the limit", () => {
    expect(unlinkedPages("[a](docs/a.md) and [b](./docs/b.md#x)", ["docs/a.md", "docs/b.md", "docs/c.md"])).toEqual(["docs/c.md"]);
    expect(lineCount("x\n".repeat(README_MAX_LINES))).toBe(README_MAX_LINES);
    expect(lineCount("x\n".repeat(README_MAX_LINES + 1))).toBeGreaterThan(README_MAX_LINES);
  });
});
