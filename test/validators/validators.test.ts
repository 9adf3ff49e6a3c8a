// The real tools judge what we render: cloud-init schema, FRR's vtysh -C, shellcheck, nft -c.
// Each validator is first shown to reject a broken file, so a pass means something.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filesFor, renderCloudInit } from "../../src/render/cloud-init.js";
import { PROBE_PATH } from "../../src/render/probe.js";
import { runCommandScript } from "../../src/azure/verification.js";
import { azureTargets } from "../../src/probe/verification.js";
import { PATHS } from "../../src/render/router-files.js";
import { missing } from "../support/prereqs.js";
import { labOf, stackLabel, STACKS } from "../support/stacks.js";
import { nonEmpty } from "../support/non-empty.js";
import { testKeys } from "../support/wireguard.js";
import { publicKeyOf } from "../../src/model/wireguard-keys.js";
import { editedLab, encrypt } from "../support/config-edit.js";

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

const cases = [
  ...STACKS.flatMap((stack) => {
    const lab = labOf(stack);
    return lab.vms.map((vm) => ({ stack: stackLabel(stack), vm: vm.name, doc: renderCloudInit(lab, vm), files: filesFor(lab, vm) }));
  }),
  // features.encryption wireguard on the dev stack and the 3 spokes x 4 sites fixture (fixed test keys).
  ...[STACKS[0]!, STACKS[3]!].flatMap((stack) => {
    const lab = editedLab(stack, encrypt);
    const keys = testKeys(lab);
    return lab.vms.map((vm) => ({
      stack: `${stackLabel(stack)}-wireguard`,
      vm: vm.name,
      doc: renderCloudInit(lab, vm, keys),
      files: filesFor(lab, vm, keys),
    }));
  }),
];

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

const skipShellcheck = missing({ tools: ["shellcheck"] });
describe.skipIf(!!skipShellcheck)("shellcheck -s sh", () => {
  it("rejects a script with an unquoted variable", () => {
    const r = run("shellcheck", ["-s", "sh", write("broken.sh", "#!/bin/sh\n[ $IFACE = eth0 ] && echo up\n")]);
    expect(r.code, r.out).not.toBe(0);
  });
  it.each(nonEmpty([...of(PATHS.postUp), ...of(PATHS.hook), ...of(PROBE_PATH)]))("%s: clean", (label, content) => {
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
