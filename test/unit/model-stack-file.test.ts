// Stack-file keys the CLI read differently from Pulumi (review 8, finding 9): the namespace alone
// with the lab nested under it (silently the seed lab before), and the legacy "<ns>:config:<name>".
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readStackFile } from "../../src/model/stack-file.js";

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
