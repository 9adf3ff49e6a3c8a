// The fan-out runner (src/emu/exec.ts runParallel): every command guarded before anything starts, and
// its exit codes read back per command. The output below is written by hand in the runner's format.
import { describe, expect, it } from "vitest";
import { GuardError, parseFanout, runParallel } from "../../../src/emu/exec.js";

describe("runParallel", () => {
  it("refuses the whole run if one command is not inside a lab namespace, before starting any", async () => {
    await expect(
      runParallel("hsv-x-fabric", [
        ["ip", "netns", "exec", "hsv-x-vm-a", "true"],
        ["sysctl", "-w", "net.ipv4.ip_forward=1"],
      ]),
    ).rejects.toThrow(GuardError);
    await expect(
      runParallel("hsv-x-fabric", [["ip", "netns", "exec", "hsv-x-vm-a", "ip", "link", "set", "eth0", "netns", "1"]]),
    ).rejects.toThrow(/not a lab namespace/);
    await expect(runParallel("other", [["ip", "netns", "exec", "hsv-x-vm-a", "true"]])).rejects.toThrow(/not a lab namespace/);
  });
});

describe("parseFanout", () => {
  it("gives each command its exit code, in order", () => {
    expect(parseFanout("hsv-fanout-end 1 0\nhsv-fanout-end 2 2\nhsv-fanout-end 3 137\n", 3)).toEqual([0, 2, 137]);
  });

  it("refuses output that is cut short, too long or out of order", () => {
    expect(() => parseFanout("hsv-fanout-end 1 0\n", 2)).toThrow(/1 exit code\(s\) for 2 command/);
    expect(() => parseFanout("hsv-fanout-end 1 0\nhsv-fanout-end 2 0\n", 1)).toThrow(/2 exit code\(s\) for 1 command/);
    expect(() => parseFanout("hsv-fanout-end 2 0\nhsv-fanout-end 1 0\n", 2)).toThrow(/out of order at command 1/);
    expect(() => parseFanout("", 1)).toThrow(/0 exit code/);
  });
});
