// The fan-out runner (src/emu/exec.ts runParallel): every command guarded before anything starts, and
// its output split back per command. The output below is written by hand in the runner's format.
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
  it("gives each command its exit code, stdout and stderr, exactly (trailing newline or not, empty)", () => {
    const text = [
      "hsv-fanout-begin 1",
      "hsv-probe target=10.0.0.4 ping=1 tcp=1 hops=10.0.0.4",
      "",
      "hsv-fanout-stderr 1",
      "",
      "hsv-fanout-end 1 0",
      "hsv-fanout-begin 2",
      "no newline at the end",
      "hsv-fanout-stderr 2",
      "probe: not an IPv4 address: x",
      "",
      "hsv-fanout-end 2 2",
      "hsv-fanout-begin 3",
      "",
      "hsv-fanout-stderr 3",
      "",
      "hsv-fanout-end 3 137",
      "",
    ].join("\n");
    expect(parseFanout(text, 3)).toEqual([
      { code: 0, stdout: "hsv-probe target=10.0.0.4 ping=1 tcp=1 hops=10.0.0.4\n", stderr: "" },
      { code: 2, stdout: "no newline at the end", stderr: "probe: not an IPv4 address: x\n" },
      { code: 137, stdout: "", stderr: "" },
    ]);
  });

  it("refuses output that is cut short or out of order", () => {
    expect(() => parseFanout("hsv-fanout-begin 1\nx\n", 1)).toThrow(/ends inside command 1/);
    expect(() => parseFanout("hsv-fanout-begin 2\n", 1)).toThrow(/out of order at command 1/);
    expect(() => parseFanout("", 1)).toThrow(/out of order/);
  });
});
