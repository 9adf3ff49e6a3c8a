// The real tools judge what we render: cloud-init schema, FRR's vtysh -C, shellcheck, python3's
// py_compile, nft -c.
// Each validator is first shown to reject a broken file, so a pass means something.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filesFor, renderCloudInit } from "../../src/render/cloud-init.js";
import { runCommandScript } from "../../src/azure/verification.js";
import { azureTargets } from "../../src/probe/verification.js";
import { PATHS } from "../../src/render/router-files.js";
import { HEALTH_PATHS } from "../../src/render/health.js";
import { DAEMONS, enabledDaemons } from "../../src/emu/commands/frr.js";
import { missing } from "../support/prereqs.js";
import { FIXTURES, labOf, stackLabel, STACKS } from "../support/stacks.js";
import { nonEmpty } from "../support/non-empty.js";
import { testKeys } from "../support/wireguard.js";
import { publicKeyOf } from "../../src/model/wireguard-keys.js";
import { bgp, editedLab, encrypt, type Edit } from "../support/config-edit.js";

const dir = mkdtempSync(join(tmpdir(), "hsv-validate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(cmd: string, args: string[]): { code: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 60_000 });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function write(name: string, content: string): string {
  const p = join(dir, name.replace(/[^A-Za-z0-9.-]/g, "_"));
  writeFileSync(p, content);
  return p;
}

const PAIR = join(FIXTURES, "Pulumi.pair.yaml");
const cases = [
  ...STACKS.flatMap((stack) => {
    const lab = labOf(stack);
    return lab.vms.map((vm) => ({ stack: stackLabel(stack), vm: vm.name, doc: renderCloudInit(lab, vm), files: filesFor(lab, vm) }));
  }),
  // features.encryption wireguard on the dev stack and the 3 spokes x 4 sites fixture (fixed test keys).
  ...[STACKS[0]!, STACKS[3]!].flatMap((stack) => withSecrets(stack, "wireguard", encrypt)),
  // routing: bgp on every shipped stack, in clear and inside WireGuard (fixed test passwords and keys).
  ...STACKS.flatMap((stack) => withSecrets(stack, "bgp", bgp)),
  ...STACKS.flatMap((stack) => withSecrets(stack, "bgp-wireguard", bgp, encrypt)),
  // hub.pair (routing: bgp): ECMP, prefer first (the prepend route-map), and inside WireGuard.
  ...withSecrets(PAIR, "ecmp"),
  ...withSecrets(PAIR, "first", (lab) => {
    lab.hub.pair.prefer = "first";
  }),
  ...withSecrets(PAIR, "wireguard", encrypt),
];

/** Every VM of the stack with the edits applied, rendered with the test secrets (testKeys). */
function withSecrets(stack: string, variant: string, ...edits: Edit[]) {
  const lab = editedLab(stack, ...edits);
  const keys = testKeys(lab);
  return lab.vms.map((vm) => ({
    stack: `${stackLabel(stack)}-${variant}`,
    vm: vm.name,
    doc: renderCloudInit(lab, vm, keys),
    files: filesFor(lab, vm, keys),
  }));
}

const skipCloudInit = missing({ tools: ["cloud-init"] });
describe.skipIf(!!skipCloudInit)("cloud-init schema", () => {
  it("rejects a broken document (exit 1)", () => {
    const r = run("cloud-init", ["schema", "-c", write("broken.yaml", "#cloud-config\nwrite_files: 5\nruncmd: nope\n")]);
    expect(r.code, r.out).toBe(1);
  });
  it.each(nonEmpty(cases.map((c) => [c.stack, c.vm, c.doc])))("%s %s: valid", (stack, vm, doc) => {
    const r = run("cloud-init", ["schema", "-c", write(`${stack}-${vm}.yaml`, doc)]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("Valid cloud-config");
  });
});

const vmFiles = cases.flatMap((c) => c.files.map((f) => ({ ...f, label: `${c.stack} ${c.vm} ${f.path}` })));
const of = (path: string) => vmFiles.filter((f) => f.path === path).map((f) => [f.label, f.content] as const);

const skipVtysh = missing({ tools: ["vtysh"] });
describe.skipIf(!!skipVtysh)("vtysh -C", () => {
  it("rejects a broken frr.conf", () => {
    const r = run("vtysh", [
      "-C",
      "-f",
      write("broken-frr.conf", "ip route 10.0.0.0/8 10.0.0.1\nroute-map X permit 10\n set srcx 10.0.0.4\n"),
    ]);
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toContain("Unknown command");
  });
  it.each(nonEmpty(of(PATHS.frr)))("%s: valid", (label, content) => {
    const r = run("vtysh", ["-C", "-f", write(`${label}.conf`, content)]);
    expect(r.code, r.out).toBe(0);
  });
});

// routing: bgp: every variant above that turns it on renders BGP in every router's frr.conf (so the
// vtysh -C cases include them) and a daemons file beside it.
describe("routing bgp variants", () => {
  const bgpRouters = cases.filter((c) => c.stack.includes("-bgp") && c.files.some((f) => f.path === PATHS.frr));
  it("cover every shipped stack, in clear and over WireGuard", () => {
    const stacks = new Set(bgpRouters.map((c) => c.stack));
    expect([...stacks].sort()).toEqual(STACKS.flatMap((s) => [`${stackLabel(s)}-bgp`, `${stackLabel(s)}-bgp-wireguard`]).sort());
  });
  it.each(nonEmpty(bgpRouters.map((c) => [c.stack, c.vm, c.files] as const)))(
    "%s %s: frr.conf has router bgp, daemons is written",
    (_, __, files) => {
      expect(files.find((f) => f.path === PATHS.frr)!.content).toMatch(/^router bgp \d+$/m);
      expect(files.some((f) => f.path === PATHS.frrDaemons)).toBe(true);
    },
  );
});

// /etc/frr/daemons is shell that FRR's frrcommon.sh sources (`. "$C_PATH/daemons"`) to pick the daemons to
// start: zebra and staticd always, every other one set to anything but no or 0, each with its
// <daemon>_options. Sourced here by sh the same way, with the package's own daemon list.
const FRRCOMMON = "/usr/lib/frr/frrcommon.sh";
// frrcommon.sh's daemon_list and daemon_start, reduced to what picks a daemon and its arguments.
const STARTED = String.raw`set -e
. "$1"
for daemon in $2; do
  eval "cfg=\${$daemon:-}"
  if [ "$daemon" = zebra ] || [ "$daemon" = staticd ]; then cfg=yes; fi
  if [ -n "$cfg" ] && [ "$cfg" != no ] && [ "$cfg" != 0 ]; then
    var="$daemon"_options
    eval "args=\${$var:-}"
    printf '%s|%s\n' "$daemon" "$args"
  fi
done
`;
const skipFrr = missing({ tools: ["vtysh", "sh"] });
describe.skipIf(!!skipFrr)("daemons as frrcommon.sh reads it", () => {
  const packageDaemons = () => /^DAEMONS="([^"]+)"$/m.exec(readFileSync(FRRCOMMON, "utf8"))![1]!;
  /** The daemons FRR would start from the file, each with its options. */
  const started = (content: string): Map<string, string> => {
    const r = run("sh", ["-c", STARTED, "sh", write("daemons", content), packageDaemons()]);
    expect(r.code, r.out).toBe(0);
    return new Map(
      r.out
        .trim()
        .split("\n")
        .map((l) => l.split("|") as [string, string]),
    );
  };
  const loopbackOnly = (args: string) => / -A 127\.0\.0\.1( |$)/.test(` ${args.trim()}`);
  it("the package's daemon list is read (frrcommon.sh's DAEMONS)", () => {
    expect(packageDaemons().split(" ")).toEqual(expect.arrayContaining(["zebra", "bgpd", "staticd", "bfdd"]));
  });
  it("catches a daemon left off and a vty on every address", () => {
    const bad = started('bgpd=yes\nbfdd=no\nzebra_options=" -A 0.0.0.0"\nbgpd_options="-A 127.0.0.1"\n');
    expect(bad.has("bfdd")).toBe(false);
    expect(loopbackOnly(bad.get("zebra")!)).toBe(false);
    expect(loopbackOnly(bad.get("staticd")!)).toBe(false);
    expect(loopbackOnly(bad.get("bgpd")!)).toBe(true);
  });
  // The emulation's reading (enabledDaemons) against frrcommon.sh's own, on files it can read.
  it.each(
    nonEmpty([
      ["bgpd=yes\nbfdd=yes\nbgpd=no\n"],
      ["bgpd=no\nbgpd=yes\n"],
      ["bgpd=\"yes\"\nbfdd='yes'\n"],
      ["bgpd=1\nbfdd=0\n"],
      ['bgpd=\nbfdd=""\n'],
      ["bgpd=yes # on\n  bfdd=no\n"],
      ["bgpd=no#x\n"],
    ]),
  )("the emulation starts what frrcommon.sh starts: %j", (content) => {
    const frr = [...started(content).keys()].filter((d) => (DAEMONS as readonly string[]).includes(d));
    expect(enabledDaemons(content)).toEqual(frr);
  });
  it.each(nonEmpty(of(PATHS.frrDaemons)))("%s: starts zebra, bgpd, staticd and bfdd only, each vty on 127.0.0.1", (_, content) => {
    const d = started(content);
    expect([...d.keys()].sort()).toEqual(["bfdd", "bgpd", "staticd", "zebra"]);
    for (const [daemon, args] of d) expect(loopbackOnly(args), `${daemon}_options="${args}"`).toBe(true);
    // Any other daemon's options the file sets keep the package's loopback too.
    for (const m of content.matchAll(/^(\w+)_options="([^"]*)"$/gm)) expect(loopbackOnly(m[2]!), m[0]).toBe(true);
    expect(content).toMatch(/^vtysh_enable=yes$/m);
  });
});

const skipShellcheck = missing({ tools: ["shellcheck"] });
describe.skipIf(!!skipShellcheck)("shellcheck -s sh", () => {
  it("rejects a script with an unquoted variable", () => {
    const r = run("shellcheck", ["-s", "sh", write("broken.sh", "#!/bin/sh\n[ $IFACE = eth0 ] && echo up\n")]);
    expect(r.code, r.out).not.toBe(0);
  });
  it.each(nonEmpty([...of(PATHS.postUp), ...of(PATHS.hook)]))("%s: clean", (label, content) => {
    const r = run("shellcheck", ["-s", "sh", write(`${label}.sh`, content)]);
    expect(r.code, r.out).toBe(0);
  });
  it.each(nonEmpty(STACKS.map((s) => [stackLabel(s), labOf(s)] as const)))("%s: the verify run-command scripts are clean", (label, lab) => {
    for (const [vm, targets] of azureTargets(lab)) {
      const r = run("shellcheck", ["-s", "sh", write(`${label}-${vm}-run-command.sh`, runCommandScript(lab, vm, targets))]);
      expect(r.code, r.out).toBe(0);
    }
  });
});

// hub.pair's health answer (test/validators/health-server.test.ts runs it): compiles wherever it is written.
const skipPython = missing({ tools: ["python3"] });
describe.skipIf(!!skipPython)("python3 -m py_compile", () => {
  it("rejects a broken script", () => {
    expect(run("python3", ["-m", "py_compile", write("broken.py", "def answer(:\n    pass\n")]).code).not.toBe(0);
  });
  it.each(nonEmpty(of(HEALTH_PATHS.script)))("%s: compiles", (label, content) => {
    const r = run("python3", ["-m", "py_compile", write(`${label}.py`, content)]);
    expect(r.code, r.out).toBe(0);
  });
});

// nft -c asks the kernel, so it runs inside a throwaway namespace, never the root one.
const skipNft = missing({ tools: ["nft", "ip"], root: true });
describe.skipIf(!!skipNft)("nft -c (in a throwaway namespace)", () => {
  const ns = `hsv-validate-${process.pid}`;
  beforeAll(() => execFileSync("ip", ["netns", "add", ns]));
  afterAll(() => execFileSync("ip", ["netns", "del", ns]));
  const check = (path: string) => run("ip", ["netns", "exec", ns, "nft", "-c", "-f", path]);
  it("rejects a broken ruleset", () => {
    const r = check(write("broken.nft", "table inet t {\n  chain fwd {\n    type filter hook forward priority mangle;\n  }\n}\n"));
    expect(r.code, r.out).not.toBe(0);
  });
  it.each(nonEmpty(of(PATHS.firewall)))("%s: valid", (label, content) => {
    const r = check(write(`${label}.nft`, content));
    expect(r.code, r.out).toBe(0);
  });
});

// The renderer derives each peer's public key itself (node:crypto X25519); it must be what wg derives.
const skipWg = missing({ tools: ["wg"] });
describe.skipIf(!!skipWg)("wg pubkey", () => {
  const wgPubkey = (priv: string) => execFileSync("wg", ["pubkey"], { input: `${priv}\n`, encoding: "utf8" }).trim();
  it("differs for a different key (the comparison can fail)", () => {
    const a = Buffer.alloc(32, 1).toString("base64");
    expect(publicKeyOf(a)).not.toBe(wgPubkey(Buffer.alloc(32, 2).toString("base64")));
  });
  // Unclamped bytes (0xff, 0x00 ends) included: both sides clamp as X25519 requires.
  const keys = [
    Buffer.alloc(32, 0xff),
    Buffer.alloc(32, 0),
    Buffer.alloc(32, 0x80),
    ...Object.values(testKeys(editedLab(STACKS[3]!, encrypt)))
      .flatMap((k) => [k.hub, k.site])
      .map((k) => Buffer.from(k, "base64")),
  ];
  it.each(nonEmpty(keys.map((k) => [k.toString("base64")])))("%s: publicKeyOf = wg pubkey", (priv) => {
    expect(publicKeyOf(priv)).toBe(wgPubkey(priv));
  });
});
