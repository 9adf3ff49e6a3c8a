// The fan-out runner on a real namespace pair: each command's exit code, stdout and stderr come back
// exactly and in order, whatever order the commands end in, and nothing of the runner is left.
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { inNs } from "../../src/emu/commands/argv.js";
import { netnsBatch, runParallel } from "../../src/emu/exec.js";
import { skipReason } from "./helpers.js";

describe.skipIf(skipReason)("runParallel in lab namespaces", () => {
  it("exit codes, stdout (trailing newline or not) and stderr per command, in the given order", async () => {
    const [via, vm] = ["hsv-fanouttest-fabric", "hsv-fanouttest-vm-a"];
    await netnsBatch("add", [via, vm]);
    try {
      const before = readdirSync(tmpdir()).filter((f) => f.startsWith("hsv-fanout-")).length;
      const r = await runParallel(via, [
        inNs(vm, ["sh", "-c", "sleep 0.3; echo late"]),
        inNs(vm, ["sh", "-c", 'printf "no newline"; echo oops >&2; exit 3']),
        inNs(vm, ["hsv-no-such-command"]),
        inNs(vm, ["sh", "-c", "printf '%s\\n' \"$0\"", "a 'quoted' word; $HOME"]),
      ]);
      // (ip netns exec itself reports the command it could not start, with its own status)
      expect(r.map((x) => x.code === 0)).toEqual([true, false, false, true]);
      expect(r[1]!.code).toBe(3);
      expect(r.map((x) => x.stdout)).toEqual(["late\n", "no newline", "", "a 'quoted' word; $HOME\n"]);
      expect(r[1]!.stderr).toBe("oops\n");
      expect(r[2]!.stderr).toContain("hsv-no-such-command");
      expect(readdirSync(tmpdir()).filter((f) => f.startsWith("hsv-fanout-")).length).toBe(before);
    } finally {
      await netnsBatch("del", [via, vm]);
    }
  });
});
