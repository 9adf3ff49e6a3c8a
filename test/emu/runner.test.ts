// The step runner and the command helper on a real namespace: a VM's boot played by the runner's
// shell (sysctl keys written without a process, ip lines fed to one `ip -batch`), the first failing
// step named, and the helper's answers (exit code, output, a command that cannot start, a timeout).
import { existsSync, mkdirSync, readFileSync, readlinkSync, rmSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ipBatch, netnsBatch, pingFrom, run, runSteps, sysctlIn } from "../../src/emu/exec.js";
import { spawner } from "../../src/emu/spawner.js";
import { RUN_ROOT } from "../../src/emu/commands/topology.js";
import { skipReason } from "./helpers.js";

const NS = "hsv-runnertest-vm";
const DIR = `${RUN_ROOT}/runnertest`;
const READY = `${DIR}/d.vty`;
// A daemon that serves after 300 ms: it replaces whatever is at its socket path (as FRR does),
// listens there, writes its pid next to it and stays.
const FAKE_DAEMON = [
  "python3",
  "-c",
  "import os,socket,sys,time\ntime.sleep(0.3)\np=sys.argv[1]\ntry: os.unlink(p)\nexcept FileNotFoundError: pass\n" +
    "s=socket.socket(socket.AF_UNIX); s.bind(p); s.listen()\nopen(p+'.pid','w').write(str(os.getpid()))\ntime.sleep(60)",
  READY,
];
/** /proc/<pid>/stat's session id (field 6). */
const sessionOf = (pid: number | "self") => Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[3]);

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

describe.skipIf(skipReason)("runSteps: a daemon step", () => {
  async function withDir(fn: () => Promise<void>): Promise<void> {
    mkdirSync(DIR, { recursive: true });
    try {
      await withNs(fn);
    } finally {
      if (existsSync(`${READY}.pid`)) {
        try {
          process.kill(Number(readFileSync(`${READY}.pid`, "utf8")), "SIGKILL");
        } catch {
          /* gone */
        }
      }
      rmSync(DIR, { recursive: true, force: true });
    }
  }
  it("ends once the daemon serves (its socket exists), and leaves it running off our terminal with stdio /dev/null", () =>
    withDir(async () => {
      await runSteps(NS, [{ daemon: FAKE_DAEMON, ready: READY }, ["true"]]);
      expect(statSync(READY).isSocket()).toBe(true); // not before: the step waited for it
      expect(existsSync(`${READY}.pid`)).toBe(true);
      const pid = Number(readFileSync(`${READY}.pid`, "utf8"));
      expect(existsSync(`/proc/${pid}`)).toBe(true);
      expect(sessionOf(pid)).not.toBe(sessionOf("self"));
      expect([0, 1, 2].map((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`))).toEqual(["/dev/null", "/dev/null", "/dev/null"]);
    }));
  it("a socket an earlier daemon left behind is not taken for the new one's", () =>
    withDir(async () => {
      await run(["ip", "netns", "exec", NS, "python3", "-c", "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", READY]);
      expect(statSync(READY).isSocket()).toBe(true);
      await runSteps(NS, [{ daemon: FAKE_DAEMON, ready: READY }]);
      // (ext4 may give the new socket the old one's inode: what tells them apart is the daemon's
      // pid file, written only once it listens)
      expect(existsSync(`${READY}.pid`)).toBe(true);
    }));
  it("a daemon that exits before it serves fails the step with its exit status; later steps do not run", () =>
    withDir(async () => {
      const later = ["sh", "-c", `echo ran > ${DIR}/later`];
      await expect(runSteps(NS, [{ daemon: ["sh", "-c", "exit 3"], ready: READY }, later])).rejects.toThrow(
        `\`ip netns exec ${NS} sh -c exit 3\` failed (exit 3)`,
      );
      expect(existsSync(`${DIR}/later`)).toBe(false);
    }));
  it("the wait is bounded in time, not by the clock's lines that piled up during earlier steps", () =>
    withDir(async () => {
      await runSteps(NS, [["sleep", "2.5"], { daemon: FAKE_DAEMON, ready: READY, withinS: 1 }]);
      expect(existsSync(`${READY}.pid`)).toBe(true);
    }));
  it("a daemon that never serves is stopped at the bound, and the step says which socket never came", () =>
    withDir(async () => {
      const never = ["python3", "-c", `import os,time\nopen('${READY}.pid','w').write(str(os.getpid()))\ntime.sleep(60)`];
      await expect(runSteps(NS, [{ daemon: never, ready: READY, withinS: 1 }])).rejects.toThrow(
        `no ${READY} within 1 s: the daemon was stopped`,
      );
      expect(existsSync(`/proc/${readFileSync(`${READY}.pid`, "utf8")}`)).toBe(false);
    }));
  it("Ctrl-C to the helper reaches a runner waiting for its daemon (in a session of its own, which the terminal's does not)", () =>
    withDir(async () => {
      const never = ["python3", "-c", `import os,time\nopen('${READY}.pid','w').write(str(os.getpid()))\ntime.sleep(60)`];
      const waiting = runSteps(NS, [{ daemon: never, ready: READY, withinS: 15 }]);
      const t0 = Date.now();
      while (!existsSync(`${READY}.pid`) && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 20));
      process.kill(spawner.pid!, "SIGINT");
      await expect(waiting).rejects.toThrow("exit 128");
      expect(Date.now() - t0).toBeLessThan(10_000); // not the 15 s bound
    }));
  it("refuses a ready path that is not a lab's .vty socket path, before removing or running anything", async () => {
    const refused = "not a .vty socket of a lab run folder";
    await expect(runSteps(NS, [{ daemon: ["true"], ready: "/etc/passwd" }])).rejects.toThrow(refused);
    await expect(runSteps(NS, [{ daemon: ["true"], ready: `${RUN_ROOT}/../etc/x.vty` }])).rejects.toThrow(refused);
    await expect(runSteps(NS, [{ daemon: ["true"], ready: `${RUN_ROOT}/lab/state.json` }])).rejects.toThrow(refused);
    await expect(runSteps(NS, [{ daemon: ["true"], ready: READY, withinS: 0.5 }])).rejects.toThrow("whole number of seconds");
  });
});

describe.skipIf(skipReason)("sysctlIn: net.* keys written by a helper thread inside the namespace (no process)", () => {
  const inside = async (key: string) =>
    (await run(["ip", "netns", "exec", NS, "cat", `/proc/sys/${key.replace(/\./g, "/")}`])).stdout.trim();
  const here = (key: string) => readFileSync(`/proc/sys/${key.replace(/\./g, "/")}`, "utf8").trim();
  it("writes them in the namespace and nowhere else", () =>
    withNs(async () => {
      const before = here("net.ipv4.icmp_msgs_burst");
      await sysctlIn(NS, ["net.ipv4.icmp_msgs_burst=77", "net.ipv4.conf.all.rp_filter=2"]);
      expect([await inside("net.ipv4.icmp_msgs_burst"), await inside("net.ipv4.conf.all.rp_filter")]).toEqual(["77", "2"]);
      expect(here("net.ipv4.icmp_msgs_burst")).toBe(before);
    }));
  it("names a key it cannot write and still writes the others", () =>
    withNs(async () => {
      await expect(sysctlIn(NS, ["net.ipv4.no_such_key=1", "net.ipv4.icmp_msgs_burst=99"])).rejects.toThrow(
        "sysctl: net.ipv4.no_such_key: No such file or directory",
      );
      expect(await inside("net.ipv4.icmp_msgs_burst")).toBe("99");
    }));
  it("refuses the host's keys and a namespace that is not a lab's, before asking the helper", async () => {
    await expect(sysctlIn(NS, ["kernel.panic=1"])).rejects.toThrow("net.* only");
    await expect(sysctlIn("other", ["net.ipv4.icmp_ratelimit=1"])).rejects.toThrow("not a lab namespace");
    await expect(sysctlIn("hsv-runnertest-none", ["net.ipv4.icmp_ratelimit=1"])).rejects.toThrow("hsv-runnertest-none");
  });
});

describe.skipIf(skipReason)("pingFrom: echo requests from a socket a helper thread makes inside the namespace (no process)", () => {
  const PEER = "hsv-runnertest-peer";
  /** A counter of a namespace's /proc/net/snmp (`Icmp:` or `IcmpMsg:` lines: names, then values). */
  const snmp = async (ns: string, group: string, name: string) => {
    const lines = (await run(["ip", "netns", "exec", ns, "cat", "/proc/net/snmp"])).stdout
      .split("\n")
      .filter((l) => l.startsWith(`${group}:`));
    const [names, values] = lines.map((l) => l.split(/\s+/));
    const i = names?.indexOf(name) ?? -1;
    return i < 0 ? 0 : Number(values![i]); // IcmpMsg lists a type only once one was counted
  };
  /** The peer's echo requests answered. */
  const answered = () => snmp(PEER, "Icmp", "OutEchoReps");
  /** Echo requests that left NS (counted when the packet is made, before ARP: not when there is no route). */
  const sent = () => snmp(NS, "IcmpMsg", "OutType8");
  const linked = (fn: () => Promise<void>) =>
    withNs(async () => {
      await netnsBatch("add", [PEER]);
      try {
        await ipBatch(NS, [`link add eth0 type veth peer name eth0 netns ${PEER}`, "address add 10.9.0.1/24 dev eth0", "link set eth0 up"]);
        await ipBatch(PEER, ["address add 10.9.0.2/24 dev eth0", "link set eth0 up"]);
        await fn();
      } finally {
        await netnsBatch("del", [PEER], { check: false });
      }
    });
  it("an address that answers is not listed, and was pinged once, from inside the namespace", () =>
    linked(async () => {
      const [before, out] = [await answered(), await sent()];
      expect(await pingFrom(NS, ["10.9.0.2"], 3, 500)).toEqual([]);
      expect([(await answered()) - before, (await sent()) - out]).toEqual([1, 1]);
    }));
  it("names the addresses that never answer after every try, and pings only those again", () =>
    linked(async () => {
      const [before, out] = [await answered(), await sent()];
      // 10.9.0.9: on the link, nobody there; 10.8.0.1: no route at all (the send fails, the round is waited out).
      expect(await pingFrom(NS, ["10.9.0.9", "10.9.0.2", "10.8.0.1", "10.9.0.2"], 3, 200)).toEqual(["10.9.0.9", "10.8.0.1"]);
      // One request to 10.9.0.2 (answered in the first round), one per round to 10.9.0.9; none can leave for 10.8.0.1.
      expect([(await answered()) - before, (await sent()) - out]).toEqual([1, 4]);
    }));
  it("refuses a namespace that is not a lab's, anything but IPv4 addresses and a bad try count, before asking the helper", async () => {
    await expect(pingFrom("other", ["10.9.0.2"], 1)).rejects.toThrow("not a lab namespace");
    await expect(pingFrom(NS, ["10.9.0.2", "-f"], 1)).rejects.toThrow("not IPv4 addresses");
    await expect(pingFrom(NS, ["10.9.0.2"], 0)).rejects.toThrow("tries is a whole number from 1 to 100");
    await expect(pingFrom(NS, ["10.9.0.2"], 1, 3_000_000_000)).rejects.toThrow("waitMs from 1 to 60000");
    await expect(pingFrom("hsv-runnertest-none", ["10.9.0.2"], 1)).rejects.toThrow("hsv-runnertest-none");
  });
});
