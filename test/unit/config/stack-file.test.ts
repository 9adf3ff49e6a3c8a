// Stack-file keys the CLI read differently from Pulumi: the namespace alone
// with the lab nested under it (silently the seed lab before), and the legacy "<ns>:config:<name>".
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_DIR } from "../../../src/config/project-dir.js";
import { readStackFile, stackPath } from "../../../src/config/stack-file.js";
import { FIXTURES } from "../../support/stacks.js";

const dir = mkdtempSync(join(tmpdir(), "hsv-review8-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function stackFile(yaml: string): string {
  const path = join(dir, `Pulumi.s${n++}.yaml`);
  writeFileSync(path, yaml);
  return path;
}
const LAB = "{resourceGroupName: rg-x}";

describe("stack file keys", () => {
  it("the namespace alone with the lab nested under it is an error, with the key to write", () => {
    const path = stackFile(`config:\n  hub-spoke-vxlan:\n    lab: ${LAB}\n`);
    expect(() => readStackFile(path)).toThrow(
      "hub-spoke-vxlan: is the namespace alone, so nothing under it is read (a nested object is not a config key): write hub-spoke-vxlan:lab",
    );
  });
  it("hub-spoke-vxlan:config:lab is hub-spoke-vxlan:lab, as Pulumi's ParseKey reads it", () => {
    const path = stackFile(`config:\n  hub-spoke-vxlan:config:lab: ${LAB}\n`);
    expect(readStackFile(path).lab).toEqual({ resourceGroupName: "rg-x" });
  });
  it("both spellings at once are one key given twice", () => {
    const path = stackFile(`config:\n  hub-spoke-vxlan:lab: ${LAB}\n  hub-spoke-vxlan:config:lab: ${LAB}\n`);
    expect(() => readStackFile(path)).toThrow(
      "hub-spoke-vxlan:config:lab: is hub-spoke-vxlan:lab again (Pulumi reads both spellings as one key); keep one",
    );
  });
  it("other namespaces and the plain key are untouched", () => {
    const path = stackFile(`config:\n  azure-native:location: japaneast\n`);
    expect(readStackFile(path)).toMatchObject({ lab: undefined, location: "japaneast" });
  });
});

describe("which file, and what it says", () => {
  it("a stack name is Pulumi.<stack>.yaml in the project; a path or a .yaml/.yml name is taken as it is", () => {
    expect(stackPath("dev")).toBe(join(PROJECT_DIR, "Pulumi.dev.yaml"));
    expect(stackPath("x.yml")).toBe("x.yml");
    expect(stackPath("x.yaml")).toBe("x.yaml");
    expect(stackPath("a/b")).toBe("a/b");
    expect(stackPath("a.yamlish")).toBe(join(PROJECT_DIR, "Pulumi.a.yamlish.yaml"));
  });
  it("the stack name drops only a leading Pulumi. and a trailing .yaml/.yml", () => {
    const file = (name: string) => {
      const path = join(dir, name);
      writeFileSync(path, "config: {}\n");
      return readStackFile(path).stack;
    };
    expect(file("Pulumi.a.yml")).toBe("a");
    expect(file("Pulumi.a.yml.yaml")).toBe("a.yml");
    expect(file("myPulumi.b.yaml")).toBe("myPulumi.b");
  });
  it("an unreadable file names the path and the reason", () =>
    expect(() => readStackFile(join(dir, "missing", "Pulumi.x.yaml"))).toThrow(
      `cannot read stack file ${join(dir, "missing", "Pulumi.x.yaml")}: ENOENT`,
    ));
  it("invalid YAML names the 1-based line and column and shows the snippet", () => {
    // "  a: b: c": the second colon is the 7th character of line 2
    const path = stackFile("config:\n  a: b: c\n");
    expect(() => readStackFile(path)).toThrow(
      `${path}:2:7: invalid YAML: bad indentation of a mapping entry\n 1 | config:\n 2 |   a: b: c\n-----------^`,
    );
  });
  it("a config: that is not a mapping, or a file that is not one, is refused (never read as the seed lab)", () => {
    for (const [text, what] of [
      ["config: hello\n", "config: must be a mapping of config keys to values, not a string"],
      ["config: [a, b]\n", "config: must be a mapping of config keys to values, not a list"],
      ["config: 5\n", "config: must be a mapping of config keys to values, not a number"],
      ["- config\n", "a stack file is a mapping (config:, ...), not a list"],
      ["just text\n", "a stack file is a mapping (config:, ...), not a string"],
    ] as const) {
      const path = stackFile(text);
      expect(() => readStackFile(path), text).toThrow(`${path}: ${what}`);
    }
    // An empty config: is the seed lab, as before.
    expect(() => readStackFile(stackFile("config:\n"))).not.toThrow();
  });
  it("an empty lab is reported once, not also as JSON", () => {
    const path = stackFile('config:\n  hub-spoke-vxlan:lab: ""\n');
    expect(() => readStackFile(path)).toThrow(
      new Error(
        `${path}: invalid stack config (1 problem):\n  - hub-spoke-vxlan:lab: is present but empty; remove the key for the seed lab, or give the lab`,
      ),
    );
  });
  it("a key problem without a lab is reported alone", () => {
    const path = stackFile("config:\n  hub-spoke-vxlan:labb: x\n");
    expect(() => readStackFile(path)).toThrow(
      new Error(`${path}: invalid stack config (1 problem):\n  - hub-spoke-vxlan:labb: unknown key; did you mean hub-spoke-vxlan:lab?`),
    );
  });
  it("a key problem comes with the lab's own problems, each under the lab key", () => {
    const path = stackFile("config:\n  hub-spoke-vxlan:labb: x\n  hub-spoke-vxlan:lab: {resourceGroupName: rg-x}\n");
    expect(() => readStackFile(path)).toThrow(/- hub-spoke-vxlan:labb: unknown key.*\n {2}- hub-spoke-vxlan:lab\.hub: /);
  });
  it("sshPublicKey and location come from the file; a non-string key is not one", () => {
    const f = readStackFile(join(FIXTURES, "Pulumi.3x4.yaml"));
    expect([f.sshPublicKey, f.location]).toEqual([
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINQoYPoTTMvrBzz+Gjo8+OKtYUbziOK8jSGyIYnC4mP2 test",
      "japaneast",
    ]);
    expect(readStackFile(stackFile("config:\n  hub-spoke-vxlan:sshPublicKey: 5\n"))).not.toHaveProperty("sshPublicKey");
  });
});
