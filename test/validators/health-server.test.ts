// hub.pair: the health answer itself, the bytes cloud-init writes on vm-hub00 of the pair fixture,
// run by the real python3 on 127.0.0.1 and a port it picks (its config with address and port
// changed, nothing else), with `ip` a stand-in on PATH that records its arguments and answers what
// each case puts beside it. PATH holds only the stand-in: the server cannot reach the host's ip.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCloudInit, renderCloudInit } from "../../src/render/cloud-init.js";
import { HEALTH_IP_ARGV, HEALTH_PATHS } from "../../src/render/health.js";
import { missing } from "../support/prereqs.js";
import { FIXTURES, labOf } from "../support/stacks.js";
import { testKeys } from "../support/wireguard.js";

const lab = labOf(join(FIXTURES, "Pulumi.pair.yaml"));
const written = parseCloudInit(
  renderCloudInit(
    lab,
    lab.vms.find((v) => v.name === "vm-hub00")!,
    testKeys(lab),
  ),
).write_files!;
const fileAt = (path: string) => written.find((f) => f.path === path)!.content;

const dir = mkdtempSync(join(tmpdir(), "hsv-health-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const shim = join(dir, "bin");
const put = (name: string, content: string) => writeFileSync(join(shim, name), content);

/** The stand-in for ip: records its arguments, waits `delay` seconds if asked, prints `out` and `err`, exits `rc`. */
const SHIM = `#!/bin/sh
PATH=/usr/bin:/bin
d=$(dirname "$0")
printf '%s\\n' "$*" >"$d/argv"
if [ -s "$d/delay" ]; then sleep "$(cat "$d/delay")"; fi
cat "$d/out"
cat "$d/err" >&2
exit "$(cat "$d/rc")"
`;
/** What ip prints: the main table's BGP routes, as `ip -j` shows them (zebra installs them proto bgp). */
function ipAnswers(out: string, opts: { rc?: number; err?: string; delay?: number } = {}): void {
  put("out", out);
  put("err", opts.err ?? "");
  put("rc", String(opts.rc ?? 0));
  put("delay", opts.delay === undefined ? "" : String(opts.delay));
}
const route = (dst: string, gateway = "169.254.0.2") => ({
  dst,
  gateway,
  dev: "vxlan0",
  protocol: "bgp",
  prefsrc: "10.0.0.4",
  metric: 20,
  flags: [],
});

interface Running {
  readonly child: ChildProcess;
  readonly port: number;
  stderr: () => string;
}

/** Starts the server on the given config; resolves once it prints where it listens. */
function start(python: string, config: string): Promise<Running> {
  const child = spawn(python, [join(dir, "health"), config], { env: { PATH: shim }, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not listen within 10 s: ${err}`)), 10_000);
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      const m = /^health: listening on 127\.0\.0\.1:(\d+), GET \/healthz$/m.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), stderr: () => err });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}): ${err}`));
    });
  });
}

async function get(port: number, path = "/healthz", method = "GET"): Promise<{ status: number; body: string; ms: number }> {
  const t0 = Date.now();
  const r = await fetch(`http://127.0.0.1:${port}${path}`, { method, signal: AbortSignal.timeout(10_000) });
  return { status: r.status, body: await r.text(), ms: Date.now() - t0 };
}

const skip = missing({ tools: ["python3", "ip"] });
describe.skipIf(!!skip)("the health server (python3, the rendered script)", () => {
  // The interpreter itself, so that PATH can hold nothing but the stand-in.
  const python = skip ? "" : execFileSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).trim();
  let server: Running;
  let config: string;

  beforeAll(async () => {
    mkdirSync(shim);
    put("ip", SHIM);
    chmodSync(join(shim, "ip"), 0o755);
    writeFileSync(join(dir, "health"), fileAt(HEALTH_PATHS.script), { mode: 0o755 });
    // The rendered config with only where it listens changed (Azure's is every address, port 8779).
    const rendered = fileAt(HEALTH_PATHS.config);
    config = rendered.replace("\naddress 0.0.0.0\n", "\naddress 127.0.0.1\n").replace("\nport 8779\n", "\nport 0\n");
    expect(config).not.toBe(rendered);
    expect(config).toContain("\naddress 127.0.0.1\nport 0\npath /healthz\nprefix 10.100.0.0/16\n");
    writeFileSync(join(dir, "health.conf"), config);
    ipAnswers("[]");
    server = await start(python, join(dir, "health.conf"));
  });
  afterAll(() => server?.child.kill("SIGTERM"));

  it("py_compile: the rendered script compiles, and a broken one does not", () => {
    const ok = spawnSync(python, ["-m", "py_compile", join(dir, "health")], { encoding: "utf8" });
    expect(ok.status, ok.stderr).toBe(0);
    writeFileSync(join(dir, "broken.py"), "def answer(:\n    pass\n");
    expect(spawnSync(python, ["-m", "py_compile", join(dir, "broken.py")]).status).not.toBe(0);
  });

  it("200 when the prefix is a BGP route of the main table, asking ip exactly that", async () => {
    ipAnswers(JSON.stringify([route("10.100.0.0/16"), route("10.200.0.0/16")]));
    expect(await get(server.port)).toMatchObject({ status: 200, body: "BGP routes present: 10.100.0.0/16\n" });
    expect(readFileSync(join(shim, "argv"), "utf8")).toBe("-j route show table main proto bgp\n");
  });

  it("503 naming the prefix when it is absent (another BGP route, or only a longer prefix, does not count)", async () => {
    ipAnswers(JSON.stringify([route("10.200.0.0/16")]));
    expect(await get(server.port)).toMatchObject({ status: 503, body: "no BGP route for 10.100.0.0/16\n" });
    ipAnswers(JSON.stringify([route("10.100.0.0/17"), route("10.100.0.0/24")]));
    expect(await get(server.port)).toMatchObject({ status: 503, body: "no BGP route for 10.100.0.0/16\n" });
    ipAnswers("[]");
    expect(await get(server.port)).toMatchObject({ status: 503, body: "no BGP route for 10.100.0.0/16\n" });
  });

  it("503 when ip fails, saying how", async () => {
    ipAnswers("", { rc: 1, err: "Error: ipv4: FIB table does not exist.\nDump terminated\n" });
    expect(await get(server.port)).toMatchObject({ status: 503, body: "ip failed (exit 1): Dump terminated\n" });
    ipAnswers("", { rc: 255 });
    expect(await get(server.port)).toMatchObject({ status: 503, body: "ip failed (exit 255)\n" });
  });

  it("503 when there is no ip to run", async () => {
    renameSync(join(shim, "ip"), join(shim, "ip.away"));
    try {
      expect(await get(server.port)).toMatchObject({ status: 503, body: "ip did not run: No such file or directory\n" });
    } finally {
      renameSync(join(shim, "ip.away"), join(shim, "ip"));
    }
  });

  it("503 when ip's output is not a JSON list of routes", async () => {
    for (const out of [
      "",
      "10.100.0.0/16 via 169.254.0.2 dev vxlan0 proto bgp\n",
      '{"dst": "10.100.0.0/16"}',
      "[1]",
      '[{"gateway": "x"}]',
    ]) {
      ipAnswers(out);
      expect(await get(server.port), out).toMatchObject({ status: 503, body: "ip's output is not a JSON list of routes\n" });
    }
  });

  it("503 within Azure's 5 s when ip hangs (ip gets 2 s)", async () => {
    ipAnswers(JSON.stringify([route("10.100.0.0/16")]), { delay: 4 });
    const r = await get(server.port);
    expect(r).toMatchObject({ status: 503, body: "ip timed out after 2 s\n" });
    expect(r.ms).toBeLessThan(4000);
  });

  it("404 on another path or another method", async () => {
    ipAnswers(JSON.stringify([route("10.100.0.0/16")]));
    expect(await get(server.port, "/")).toMatchObject({ status: 404, body: "not found\n" });
    expect(await get(server.port, "/healthz/x")).toMatchObject({ status: 404 });
    expect(await get(server.port, "/healthz", "POST")).toMatchObject({ status: 404 });
    expect(await get(server.port, "/healthz", "HEAD")).toMatchObject({ status: 404, body: "" });
  });

  it("logs each change of its answer, never each request", async () => {
    ipAnswers(JSON.stringify([route("10.200.0.0/16")]));
    await get(server.port);
    const before = server.stderr();
    ipAnswers(JSON.stringify([route("10.100.0.0/16")]));
    for (let i = 0; i < 3; i++) expect((await get(server.port)).status).toBe(200);
    await get(server.port, "/nothing");
    expect(server.stderr().slice(before.length)).toBe("health: 200 BGP routes present: 10.100.0.0/16\n");
  });

  it("a host route counts as its /32 (ip prints it without the length)", async () => {
    const conf = join(dir, "host.conf");
    writeFileSync(conf, `${config}prefix 10.101.0.4/32\n`);
    const s = await start(python, conf);
    try {
      ipAnswers(JSON.stringify([route("10.100.0.0/16"), route("10.101.0.4")]));
      expect(await get(s.port)).toMatchObject({ status: 200, body: "BGP routes present: 10.100.0.0/16 10.101.0.4/32\n" });
      ipAnswers(JSON.stringify([route("10.100.0.0/16")]));
      expect(await get(s.port)).toMatchObject({ status: 503, body: "no BGP route for 10.101.0.4/32\n" });
    } finally {
      s.child.kill("SIGTERM");
    }
  });

  it("a config without a path is refused at start (exit 1, saying what is missing)", () => {
    const conf = join(dir, "nopath.conf");
    writeFileSync(conf, config.replace("\npath /healthz\n", "\n"));
    const r = spawnSync(python, [join(dir, "health"), conf], { env: { PATH: shim }, encoding: "utf8", timeout: 10_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`health: ${conf}: no path line\n`);
  });

  it("the host's real ip accepts the server's arguments and prints a JSON list", () => {
    const out = execFileSync(HEALTH_IP_ARGV[0], HEALTH_IP_ARGV.slice(1), { encoding: "utf8" });
    expect(Array.isArray(JSON.parse(out))).toBe(true);
  });
});
