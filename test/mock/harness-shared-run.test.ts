// sharedRun memoizes Pulumi program runs by the JSON of their options: an option JSON cannot carry
// (a function edit of the lab) is refused instead of silently sharing another edit's run.
import { describe, expect, it } from "vitest";
import { sharedRun } from "./harness.js";

describe("sharedRun", () => {
  it("refuses a function lab edit, which its key could not tell apart", () => {
    const edit = (l: unknown) => l;
    // Without the guard: the key of an edited run is the key of the plain one.
    expect(JSON.stringify([{ stack: "dev", lab: edit }, undefined])).toBe(JSON.stringify([{ stack: "dev" }, undefined]));
    expect(() => sharedRun({ stack: "dev", lab: edit })).toThrow(/function `lab` cannot be memoized/);
  });
  it("shares one run between equal options, and runs again for different ones", async () => {
    // Under StrykerJS's per-test coverage every test runs the program itself (harness.ts), by design.
    const shares = (globalThis as { __stryker__?: { currentTestId?: string } }).__stryker__?.currentTestId === undefined;
    const a = sharedRun({ stack: "dev" });
    const b = sharedRun({ stack: "seed" });
    expect(sharedRun({ stack: "dev" }) === a).toBe(shares);
    expect(b).not.toBe(a);
    await Promise.all([a, b]);
  });
});
