// The probe every VM carries (the rendered bytes) and verify's listener, run by the real python3
// without a lab: they compile, refuse bad arguments with exit 2, report links from the kernel, and
// print vtysh's answer as the BGP judge reads it (vtysh a stand-in on PATH). What it observes on a
// network is checked against ping, nc and traceroute -T themselves in test/emu/probe-tools.test.ts.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROBE_INTERPRETER, renderProbe } from "../../src/render/probe.js";
import { BGP_SUMMARY_CMD, BGP_TABLE_CMD } from "../../src/probe/bgp.js";
import { ROOT } from "../support/cli.js";
import { missing } from "../support/prereqs.js";

const dir = mkdtempSync(join(tmpdir(), "hsv-probe-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const probe = join(dir, "probe");
writeFileSync(probe, renderProbe(), { mode: 0o755 });
const shim = join(dir, "bin");
mkdirSync(shim);

const run = (args: string[], env: NodeJS.ProcessEnv = { PATH: "/usr/bin:/bin" }) => {
  const r = spawnSync(probe, args, { encoding: "utf8", env, timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** vtysh's stand-in: records its argv, prints `out` and `err`, exits `rc`. */
const vtysh = (out: string, err: string, rc: number) => {
  writeFileSync(join(dir, "out"), out);
  writeFileSync(join(dir, "err"), err);
  const sh = `#!/bin/sh\nprintf '%s\\n' "$@" >"${dir}/argv"\ncat "${dir}/out"\ncat "${dir}/err" >&2\nexit ${rc}\n`;
  writeFileSync(join(shim, "vtysh"), sh);
  chmodSync(join(shim, "vtysh"), 0o755);
};

const skip = missing({ tools: [PROBE_INTERPRETER] });
describe.skipIf(!!skip)("the probe (python3, the rendered bytes)", () => {
  it("py_compile: the rendered probe and the listener compile, and a broken script does not", () => {
    for (const f of [probe, join(ROOT, "src", "emu", "listener.py")]) {
      const r = spawnSync(PROBE_INTERPRETER, ["-m", "py_compile", f], { encoding: "utf8" });
      expect(r.status, `${f}: ${r.stderr}`).toBe(0);
    }
    writeFileSync(join(dir, "broken.py"), "def f(:\n");
    expect(spawnSync(PROBE_INTERPRETER, ["-m", "py_compile", join(dir, "broken.py")]).status).not.toBe(0);
  });

  it("bad arguments: usage and exit 2, nothing probed", () => {
    for (const args of [[], ["-x", "10.0.0.4"], ["-r", "soon", "10.0.0.4"], ["-l", "eth0;reboot"], ["-V", "a b", "-b"]]) {
      const r = run(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err, args.join(" ")).toMatch(
        /^usage: \S+probe \[-c\] \[-r seconds\] \[-s\] \[-l link\]\.\.\. \[-b \[-V dir\]\] \[address\.\.\.\]$/m,
      );
      expect(r.out).toBe("");
    }
    const host = run(["10.0.0.4", "vm-hub00"]);
    expect(host.code).toBe(2);
    expect(host.err).toContain("not an IPv4 address: vm-hub00");
  });

  it("-l: a link that exists and is up is up=1, one that does not exist up=0 (the kernel's flags, read only)", () => {
    const r = run(["-l", "lo", "-l", "hsv-no-such-link"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe("hsv-link dev=lo up=1\nhsv-link dev=hsv-no-such-link up=0\n");
  });

  it("-b: vtysh's two commands against -V's socket dir, its JSON on one line with runs of blanks squeezed", () => {
    vtysh('{\n  "a":  1,\n  "b": "x   y"\n}\n{"routes": {}}\n', "", 0);
    const r = run(["-b", "-V", "/run/hub-spoke-vxlan/x/vm-a"], { PATH: `${shim}:/usr/bin:/bin` });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('hsv-bgp rc=0 { "a": 1, "b": "x y"}{"routes": {}}\n');
    expect(spawnSync("cat", [join(dir, "argv")], { encoding: "utf8" }).stdout).toBe(
      ["--vty_socket", "/run/hub-spoke-vxlan/x/vm-a", "-c", BGP_SUMMARY_CMD, "-c", BGP_TABLE_CMD, ""].join("\n"),
    );
  });

  it("-b: a failing vtysh gives its exit status and its last error line", () => {
    vtysh("", "Exiting: failed to connect to any daemons.\n% bgpd is not running\n", 1);
    const r = run(["-b"], { PATH: `${shim}:/usr/bin:/bin` });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe("hsv-bgp rc=1 \nhsv-bgp-error % bgpd is not running\n");
  });
});

describe.skipIf(!!skip)("verify's listener (src/emu/listener.py)", () => {
  it("refuses a namespace that is not a lab's before entering any", () => {
    const r = spawnSync(PROBE_INTERPRETER, [join(ROOT, "src", "emu", "listener.py"), "22", join(dir, "ready"), "hsv-x-vm-a", "default"], {
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("not lab namespaces (hsv-*): default");
  });
});
