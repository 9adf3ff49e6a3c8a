#!/usr/bin/env node
// The CLI's launcher (npm run lab, the package bin): runs src/cli/entry.ts from one CommonJS bundle
// of src/ and its npm packages (esbuild), rebuilt whenever a source file, the lock file or this
// launcher changes. Node then loads one file instead of resolving some 400 modules through tsx's
// loader: about 0.3 s instead of 0.9 s to start (docs/measurements.md). The bundle is in bin/dist/, two
// levels below the project like src/<dir>/, so the paths the sources build from __dirname hold in
// both. @pulumi/* stay outside (only the Pulumi program and plan's own process load them).
"use strict";
const { createHash } = require("node:crypto");
const { readdirSync, renameSync, rmSync, statSync, existsSync, mkdirSync } = require("node:fs");
const { join } = require("node:path");

const ROOT = join(__dirname, "..");
const distOf = (root) => join(root, "bin", "dist");

/** Every input of the bundle by path, modification time and size: any change gives another key. */
function sourceKey(root = ROOT) {
  const h = createHash("sha256");
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) add(p);
    }
  };
  const add = (p) => {
    const s = statSync(p);
    h.update(`${p}\0${s.mtimeMs}\0${s.size}\n`);
  };
  walk(join(root, "src"));
  for (const f of ["package-lock.json", "package.json", "bin/lab.cjs"]) if (existsSync(join(root, f))) add(join(root, f));
  return h.digest("hex").slice(0, 16);
}

/** The bundle for the sources as they are now, built first when there is none. */
function bundle(root = ROOT) {
  const dist = distOf(root);
  const out = join(dist, `lab-${sourceKey(root)}.cjs`);
  if (existsSync(out)) return out;
  mkdirSync(dist, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  require("esbuild").buildSync({
    entryPoints: [join(root, "src", "cli", "entry.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node22",
    keepNames: true,
    external: ["@pulumi/*"],
    outfile: tmp,
    logLevel: "error",
  });
  renameSync(tmp, out); // whole or not at all, for a CLI started at the same moment
  // Older bundles of this project, left by earlier sources (not one a running build may just have made).
  for (const f of readdirSync(dist)) {
    const p = join(dist, f);
    if (p !== out && /^lab-[0-9a-f]{16}\.cjs$/.test(f) && Date.now() - statSync(p).mtimeMs > 60_000) rmSync(p, { force: true });
  }
  return out;
}

/** A bundle that could not be written (bin/dist made by another user, a read-only checkout), not a compile error. */
const unwritable = (e) => /permission denied|EACCES|EPERM|EROFS|read-only file system/i.test(String(e && e.message));

module.exports = { sourceKey, bundle, unwritable };

if (require.main === module) {
  let file;
  try {
    file = bundle();
  } catch (e) {
    if (unwritable(e)) {
      // Run the sources through tsx instead, as before the bundle: slower to start, same CLI.
      require("tsx/cjs");
      require(join(ROOT, "src", "cli", "entry.ts"));
      return;
    }
    // esbuild has printed what it could not compile.
    console.error(`lab: cannot build the CLI from src/: ${e.message.split("\n")[0]}`);
    process.exit(1);
  }
  require(file);
}
