// Golden errors (netlab's tests/errors): for each stack file in test/errors/, the .log beside it is
// exactly what the CLI prints for it (`lab graph --stack test/errors/<name>.yml`, exit 2). A changed
// message is a changed golden, reviewed as such: `npm run errors:update` rewrites the .log files.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadLab } from "../../../src/model/load.js";
import { ERROR_EXAMPLES, ERRORS_DIR } from "../../support/error-examples.js";
import { lab, ROOT } from "../../support/cli.js";
import { nonEmpty } from "../../support/non-empty.js";

/** What main.ts prints for a config it refuses. */
function printed(file: string): string {
  try {
    loadLab(file);
  } catch (e) {
    if (e instanceof ConfigError) return `error: ${e.message}\n`;
    throw e;
  }
  throw new Error(`${file} loads without a problem`);
}

const logOf = (file: string) => join(ROOT, file.replace(/\.yml$/, ".log"));

describe("test/errors: every stack file is refused with its golden text", () => {
  it.each(nonEmpty(ERROR_EXAMPLES.map((e) => [e.file] as const)))("%s", (file) => {
    const text = printed(file);
    if (process.env.UPDATE_ERRORS) writeFileSync(logOf(file), text);
    expect(existsSync(logOf(file)), `${logOf(file)} is missing (npm run errors:update writes it)`).toBe(true);
    expect(text).toBe(readFileSync(logOf(file), "utf8"));
  });

  it("every .log has its stack file", () => {
    const logs = readdirSync(ERRORS_DIR).filter((f) => f.endsWith(".log"));
    expect(logs.length).toBe(ERROR_EXAMPLES.length);
    expect(logs.filter((f) => !existsSync(join(ERRORS_DIR, f.replace(/\.log$/, ".yml"))))).toEqual([]);
  });

  // The real process on a few examples (every .log above is main.ts's text already), among them issue 26's three.
  it.each(
    nonEmpty([
      ["test/errors/ssh-from-anywhere.yml"],
      ["test/errors/misspelt-key.yml"],
      ["test/errors/auth-key-shared.yml"],
      ["test/errors/pair-without-bgp.yml"],
      ["test/errors/pair-frontend-outside-the-subnet.yml"],
      ["test/errors/pair-routers-at-one-address.yml"],
    ]),
  )("the CLI prints %s's .log on stderr, exit 2", (file) => {
    const r = lab(["graph", "--stack", file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(readFileSync(logOf(file), "utf8"));
  });

  it("a golden catches a changed message (one word of the seed's SSH message altered)", () => {
    const file = "test/errors/ssh-from-anywhere.yml";
    const golden = readFileSync(logOf(file), "utf8");
    expect(printed(file)).toBe(golden);
    expect(printed(file).replace("whole Internet", "entire Internet")).not.toBe(golden);
  });
});
