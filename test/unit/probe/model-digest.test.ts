// The model digest the Azure probe prints: one value per config whatever its key order, another for
// any change; and the line it is read back from.
import { describe, expect, it } from "vitest";
import { canonicalJson, modelDigest, modelLine, modelOf } from "../../../src/probe/model-digest.js";
import { editedLab } from "../../support/config-edit.js";

describe("model digest", () => {
  it("canonical JSON sorts keys at every depth and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe('{"a":{"d":[2,{"e":0,"f":1}]},"b":1}');
  });
  it("the same lab written in another key order has the same digest; any change gives another", () => {
    const dev = modelDigest(editedLab("dev"));
    const reordered = modelDigest(
      editedLab("dev", (l) => {
        const { hub, ...rest } = l;
        for (const k of Object.keys(l)) delete l[k];
        Object.assign(l, rest, { hub });
      }),
    );
    expect(reordered).toBe(dev);
    expect(modelDigest(editedLab("dev", (l) => (l.verify = { run: 2 })))).not.toBe(dev);
    expect(modelDigest(editedLab("dev", (l) => (l.access = { sshSourcePrefixes: ["203.0.113.0/24"] })))).not.toBe(dev);
  });
  it("the probe's model line reads back; an output without one names no model", () => {
    expect(modelOf(`x\n${modelLine("00ff00ff00ff00ff")}\nhsv-probe target=10.0.0.4 ping=1 tcp=1 hops=10.0.0.4\n`)).toBe("00ff00ff00ff00ff");
    expect(modelOf("hsv-probe target=10.0.0.4 ping=1 tcp=1 hops=10.0.0.4\n")).toBeUndefined();
    expect(modelOf("hsv-model not-hex\n")).toBeUndefined();
  });
});
