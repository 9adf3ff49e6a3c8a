// The step runner and the command helper on a real namespace: a VM's boot played by the runner's
// shell (sysctl keys written without a process, ip lines fed to one `ip -batch`), the first failing
// step named, and the helper's answers (exit code, output, a command that cannot start, a timeout).
import { describe, expect, it } from "vitest";
import { netnsBatch, run, runSteps } from "../../src/emu/exec.js";
import { spawner } from "../../src/emu/spawner.js";
import { skipReason } from "./helpers.js";

const NS = "hsv-runnertest-vm";

async function withNs(fn: () => Promise<void>): Promise<void> {
  await netnsBatch("add", [NS]);
  try {
    await fn();
  } finally {
    await netnsBatch("del", [NS], { check: false });
  }
}

describe.skipIf(skipReason)("runSteps: the boot steps", () => {
  it("writes net.* sysctls and feeds ip lines to one batch, in order, inside the namespace", () =>
    withNs(async () => {
      await runSteps(NS, [
        { sysctl: ["net.ipv4.icmp_ratelimit=0", "net.ipv4.conf.all.rp_filter=2"] },
        { ipBatch: ["link set lo up", "link add d0 type veth peer name d1", "link set d0 up", "address add 192.0.2.1/24 dev d0"] },
        ["sh", "-c", "echo $(cat /proc/sys/net/ipv4/icmp_ratelimit) $(cat /proc/sys/net/ipv4/conf/all/rp_filter)"],
      ]);
      const r = await run(["ip", "-n", NS, "-4", "-o", "address", "show", "dev", "d0"]);
      expect(r.stdout).toContain("192.0.2.1/24");
      const v = await runSteps(NS, [["cat", "/proc/sys/net/ipv4/icmp_ratelimit", "/proc/sys/net/ipv4/conf/all/rp_filter"]]);
      expect(v.stdout).toBe("0\n2\n");
    }));
  it("a bad ip line or sysctl key stops the runner and names that step; later steps do not run", () =>
    withNs(async () => {
      const later = ["sh", "-c", "echo ran > /proc/sys/net/ipv4/icmp_ratelimit"];
      await expect(runSteps(NS, [{ ipBatch: ["link set lo up", "link set nosuchdev up"] }, later])).rejects.toThrow(
        `\`ip netns exec ${NS} ip -batch -\` failed`,
      );
      await expect(runSteps(NS, [{ sysctl: ["net.ipv4.no_such_key=1"] }, later])).rejects.toThrow("sysctl -qw net.ipv4.no_such_key=1");
      expect((await runSteps(NS, [["cat", "/proc/sys/net/ipv4/icmp_ratelimit"]])).stdout).not.toBe("ran\n");
    }));
  it("checks each ip line as `ip -n NS` would be: no device moved out, no line smuggled in by a newline", async () => {
    await expect(runSteps(NS, [{ ipBatch: ["link set lo netns 1"] }])).rejects.toThrow("is not a lab namespace");
    await expect(runSteps(NS, [{ ipBatch: ["link set lo up\naddress add 10.77.0.1/32 dev lo"] }])).rejects.toThrow("multi-line");
  });
  it("refuses a sysctl key outside net.* (the host's) or with a path in it, before running anything", async () => {
    await expect(runSteps(NS, [{ sysctl: ["kernel.panic=1"] }])).rejects.toThrow("net.* only");
    await expect(runSteps(NS, [{ sysctl: ["net.ipv4/../../kernel/panic=1"] }])).rejects.toThrow("net.* only");
  });
});

describe.skipIf(skipReason)("the command helper", () => {
  it("exit code, stdout and stderr of each command; many at once", () =>
    withNs(async () => {
      const rs = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          run(["ip", "netns", "exec", NS, "sh", "-c", `echo out${i}; echo err${i} >&2; exit ${i % 3}`], { check: false }),
        ),
      );
      expect(rs.map((r) => [r.code, r.stdout, r.stderr])).toEqual(Array.from({ length: 20 }, (_, i) => [i % 3, `out${i}\n`, `err${i}\n`]));
    }));
  it("stdin is given to the command; a command that cannot start is an error; a timeout kills it (code 128)", () =>
    withNs(async () => {
      expect((await run(["ip", "netns", "exec", NS, "cat"], { input: "fed\n" })).stdout).toBe("fed\n");
      await expect(run(["ip", "-n", NS, "-batch", "-"], { input: "link show lo\n" })).resolves.toMatchObject({ code: 0 });
      const slow = await run(["ip", "netns", "exec", NS, "sleep", "5"], { check: false, timeoutMs: 200 });
      expect(slow.code).toBe(128);
      await expect(run(["ip", "netns", "exec", NS, "sh", "-c", "exit 4"])).rejects.toThrow("exit 4");
      // (every guarded command starts with `ip`: the helper itself is asked for a missing program)
      await expect(spawner.run({ argv: ["/nonexistent/hsv-tool"], input: "", timeoutMs: 1000 })).rejects.toThrow(
        "cannot start `/nonexistent/hsv-tool`",
      );
      // What Popen refuses is answered too, at once (not left to hang the caller).
      await expect(spawner.run({ argv: ["ip", "a\0b"], input: "", timeoutMs: 1000 })).rejects.toThrow("cannot start");
      await expect(spawner.run({ argv: ["true"], input: "", timeoutMs: 1000, env: { "A=B": "c" } })).rejects.toThrow("cannot start");
    }));
});
