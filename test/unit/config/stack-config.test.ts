// The stack config's own keys (src/config/stack-config.ts): unknown keys with the nearest known one,
// an empty lab, and a lab given as JSON text (as Pulumi's Config.getObject reads it).
import { describe, expect, it } from "vitest";
import { configKeyProblems, formatStackProblems, isEmptyLab, readLabValue, withPosition } from "../../../src/config/stack-config.js";
import { nonEmpty } from "../../support/non-empty.js";

const KNOWN = "(known: hub-spoke-vxlan:lab, hub-spoke-vxlan:sshPublicKey, hub-spoke-vxlan:circuitAuthorizationKeys)";

describe("unknown keys", () => {
  it.each(
    nonEmpty([
      ["hub-spoke-vxlan:labs", "hub-spoke-vxlan:lab"], // one insertion
      ["hub-spoke-vxlan:LAB", "hub-spoke-vxlan:lab"], // case does not count
      ["hub-spoke-vxlan:sshPublicKy", "hub-spoke-vxlan:sshPublicKey"],
      ["hub-spoke-vxlan:sshpubkey", "hub-spoke-vxlan:sshPublicKey"], // 4 edits, within a third of 12 letters
      ["hub-spoke-vxlan:circuitAuthorizationKey", "hub-spoke-vxlan:circuitAuthorizationKeys"],
      ["hub-spoke-vxlan:circutAuthorisationKeys", "hub-spoke-vxlan:circuitAuthorizationKeys"],
    ]),
  )("%s: did you mean %s?", (key, near) => {
    expect(configKeyProblems({ [key]: "x" })).toEqual([{ key, message: `unknown key; did you mean ${near}?` }]);
  });

  it("a name far from every known key lists them all", () => {
    expect(configKeyProblems({ "hub-spoke-vxlan:vmSize": "x" })).toEqual([
      { key: "hub-spoke-vxlan:vmSize", message: `unknown key ${KNOWN}` },
    ]);
    // "lb" is 1 edit from "lab" (within 2), "xyz" is 3 (beyond 2, and 3 > floor(3/3)).
    expect(configKeyProblems({ "hub-spoke-vxlan:lb": 1 })[0]!.message).toBe("unknown key; did you mean hub-spoke-vxlan:lab?");
    expect(configKeyProblems({ "hub-spoke-vxlan:xyz": 1 })[0]!.message).toBe(`unknown key ${KNOWN}`);
  });

  it("the nearest of two candidates wins, whatever their order", () => {
    // "sshPublicKeys" is 1 from sshPublicKey; nothing else is near.
    expect(configKeyProblems({ "hub-spoke-vxlan:sshPublicKeys": 1 })[0]!.message).toContain("did you mean hub-spoke-vxlan:sshPublicKey?");
    // "la" is 1 from "lab": lab wins over nothing; "lab " with whitespace is named as such.
    expect(configKeyProblems({ "hub-spoke-vxlan:lab ": 1 })).toEqual([
      {
        key: "hub-spoke-vxlan:lab ",
        message: 'unknown key ("hub-spoke-vxlan:lab ": mind the whitespace); did you mean hub-spoke-vxlan:lab?',
      },
    ]);
  });

  it("keys of other namespaces and the known keys are not judged; every unknown key is reported", () => {
    expect(
      configKeyProblems({
        "azure-native:location": "japaneast",
        "pulumi:tags": {},
        "hub-spoke-vxlan:sshPublicKey": "k",
        "hub-spoke-vxlan:circuitAuthorizationKeys": {},
      }),
    ).toEqual([]);
    expect(configKeyProblems({ "hub-spoke-vxlan:a1": 1, "hub-spoke-vxlan:b2": 2 }).map((p) => p.key)).toEqual([
      "hub-spoke-vxlan:a1",
      "hub-spoke-vxlan:b2",
    ]);
    // Only the exact prefix "hub-spoke-vxlan:" is ours.
    expect(configKeyProblems({ "hub-spoke-vxlanlab": 1, "other:hub-spoke-vxlan:lab": 1 })).toEqual([]);
  });
});

describe("an empty lab", () => {
  it.each(nonEmpty([null, undefined, "", "  ", "null", "{}", '""', " {} ", {}]))("%j is empty", (v) => {
    expect(isEmptyLab(v)).toBe(true);
    expect(configKeyProblems({ "hub-spoke-vxlan:lab": v })).toEqual([
      { key: "hub-spoke-vxlan:lab", message: "is present but empty; remove the key for the seed lab, or give the lab" },
    ]);
  });

  it.each(nonEmpty([[[]], [{ hub: {} }], ['{"hub": {}}'], [0], ["[]"], [false]]))("%j is not empty", (v) => {
    expect(isEmptyLab(v)).toBe(false);
    expect(configKeyProblems({ "hub-spoke-vxlan:lab": v })).toEqual([]);
  });

  it("an empty sshPublicKey is not judged here (only the lab)", () =>
    expect(configKeyProblems({ "hub-spoke-vxlan:sshPublicKey": "" })).toEqual([]));
});

describe("a lab given as JSON text", () => {
  it("a string is parsed; anything else is taken as it is", () => {
    expect(readLabValue('{"hub": {"name": "h"}}')).toEqual({ lab: { hub: { name: "h" } } });
    const obj = { hub: 1 };
    expect(readLabValue(obj)).toEqual({ lab: obj });
    expect(readLabValue(undefined)).toEqual({ lab: undefined });
  });

  it("a JSON error names its line and column", () => {
    const r = readLabValue('{\n  "hub": 1,\n  x\n}');
    expect(r).toHaveProperty("error");
    const error = (r as { error: string }).error;
    expect(error).toMatch(/^cannot be read as JSON: /);
    // Position 16 is the 'x' on line 3, column 3.
    expect(error).toMatch(/at position 16 \(line 3 column 3\)$/);
  });

  it("withPosition: line and column of a position, unless the message already has a line", () => {
    expect(withPosition("Unexpected token at position 0", "x")).toBe("Unexpected token at position 0 (line 1 column 1)");
    expect(withPosition("bad at position 4", "ab\ncd")).toBe("bad at position 4 (line 2 column 2)");
    expect(withPosition("bad at position 3", "ab\ncd")).toBe("bad at position 3 (line 2 column 1)");
    expect(withPosition("bad at position 2 (line 1 column 3)", "ab\ncd")).toBe("bad at position 2 (line 1 column 3)");
    expect(withPosition("no position here", "ab")).toBe("no position here");
  });
});

it("formatStackProblems: the one report header, one line per problem with its full key", () => {
  expect(formatStackProblems([{ key: "hub-spoke-vxlan:x", message: "m" }])).toBe(
    "invalid stack config (1 problem):\n  - hub-spoke-vxlan:x: m",
  );
  expect(
    formatStackProblems([
      { key: "a", message: "1" },
      { key: "b", message: "2" },
    ]),
  ).toBe("invalid stack config (2 problems):\n  - a: 1\n  - b: 2");
});

describe("how near is near (Levenshtein distance, at most max(2, length/3) of the known key)", () => {
  const KNOWN = "(known: hub-spoke-vxlan:lab, hub-spoke-vxlan:sshPublicKey, hub-spoke-vxlan:circuitAuthorizationKeys)";
  it.each(
    nonEmpty([
      // "lxx" -> "lab": two substitutions, exactly lab's limit of 2
      ["hub-spoke-vxlan:lxx", "unknown key; did you mean hub-spoke-vxlan:lab?"],
      // "labxyz" -> "lab": three deletions, one past the limit (the last letter counts too)
      ["hub-spoke-vxlan:labxyz", `unknown key ${KNOWN}`],
      // case is ignored: "LABS" is one deletion from "lab"
      ["hub-spoke-vxlan:LABS", "unknown key; did you mean hub-spoke-vxlan:lab?"],
      // surrounding whitespace is not counted as distance
      ["hub-spoke-vxlan:   lab   ", 'unknown key ("hub-spoke-vxlan:   lab   ": mind the whitespace); did you mean hub-spoke-vxlan:lab?'],
    ]),
  )("%s", (key, message) => expect(configKeyProblems({ [key]: "x" })).toEqual([{ key, message }]));

  it("the namespace alone is caught with whitespace around it", () =>
    expect(configKeyProblems({ "hub-spoke-vxlan ": { lab: {} } }).map((p) => p.key)).toEqual(["hub-spoke-vxlan "]));

  it("withPosition counts lines only up to the position, and reads a position of two digits", () =>
    // position 12 is the "b" of line 2 ("0123456789" is 10 characters, then "\n" at 10, "a" at 11)
    expect(withPosition("bad at position 12", "0123456789\nab\ncd")).toBe("bad at position 12 (line 2 column 2)"));
});
