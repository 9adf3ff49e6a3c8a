// One judgement of the stack config for `pulumi up` and the CLI (src/model/settings.ts, read by
// src/azure/config.ts readSettings and src/model/load.ts loadLab): keys the emulation does not need are
// judged when present, the deploy-only requirements are not, and an authorization key's value never
// appears in a message.
import { describe, expect, it } from "vitest";
import { judgeStackConfig } from "../../../src/model/settings.js";
import { rawSettingsOf } from "../../../src/config/stack-config.js";
import { ConfigError, loadLab } from "../../../src/model/load.js";
import { nonEmpty } from "../../support/non-empty.js";
import { ERRORS_DIR } from "../../support/error-examples.js";
import { join } from "node:path";
import { rawLab } from "../../support/config-edit.js";

const SECRET = "s3cr3t-authorization-key";
const AUTH = "hub-spoke-vxlan:circuitAuthorizationKeys";
const lines = (config: Record<string, unknown>, deploy = false) => {
  const r = judgeStackConfig(config, { deploy });
  return r.ok ? [] : r.message.split("\n").slice(1);
};

describe("what each caller requires", () => {
  it("the emulation needs no SSH key and no region; pulumi up needs both", () => {
    expect(lines({})).toEqual([]);
    expect(lines({}, true)).toEqual([
      '  - hub-spoke-vxlan:sshPublicKey: required: pulumi config set hub-spoke-vxlan:sshPublicKey "$(cat ~/.ssh/id_ed25519.pub)"',
      "  - azure-native:location: required: pulumi config set azure-native:location <region> (or set location in hub-spoke-vxlan:lab)",
    ]);
  });
  it("a key that is present is judged by both, with the same line", () => {
    const config = { "hub-spoke-vxlan:sshPublicKey": "ssh-dss AAAA", "azure-native:location": "Japan Est" };
    const expected = [
      '  - hub-spoke-vxlan:sshPublicKey: "ssh-dss" is not a key type Azure accepts (ssh-rsa of at least 2048 bits, or ssh-ed25519)',
      '  - azure-native:location: "Japan Est" is not an Azure region; did you mean japaneast (Japan East)? (the list: https://learn.microsoft.com/azure/reliability/regions-list)',
    ];
    expect(lines(config)).toEqual(expected);
    expect(lines(config, true)).toEqual(expected);
  });
  it("azure-native:location in either spelling is a region", () => {
    expect(lines({ "azure-native:location": "japaneast" })).toEqual([]);
    expect(lines({ "azure-native:location": "Japan East" })).toEqual([]);
  });
});

describe("circuitAuthorizationKeys, as a stack file or the engine gives it", () => {
  it.each(
    nonEmpty([
      ["a plain object", { "vnet-hub00": SECRET }],
      ["JSON text (the engine's form)", JSON.stringify({ "vnet-hub00": SECRET })],
      ["per-VNet secrets (pulumi config set --secret --path)", { "vnet-hub00": { secure: "v1:abc:def" } }],
    ]),
  )("%s: the names are read, never the values", (_what, value) => {
    const raw = rawSettingsOf({ [AUTH]: value });
    expect(raw.authKeyNames).toEqual(["vnet-hub00"]);
    expect(JSON.stringify(raw)).not.toContain(SECRET);
    expect(JSON.stringify(raw)).not.toContain("v1:abc");
  });
  it("one whole-object secret hides the names too: nothing to judge without the engine", () =>
    expect(rawSettingsOf({ [AUTH]: { secure: "v1:abc:def" } })).not.toHaveProperty("authKeyNames"));
  it.each(
    nonEmpty([
      [`{"vnet-hub00": "${SECRET}"`, "cannot be read: not a JSON object"],
      [[SECRET], "must be an object mapping VNet names to authorization keys (strings)"],
      [{ "vnet-hub00": 42 }, "must be an object mapping VNet names to authorization keys (strings)"],
      [{ "vnet-hub00": { secure: SECRET, extra: 1 } }, "must be an object mapping VNet names to authorization keys (strings)"],
    ]),
  )("%j is refused without echoing it", (value, message) => {
    const out = lines({ [AUTH]: value });
    expect(out).toEqual([`  - ${AUTH}: ${message}`]);
    expect(out.join("\n")).not.toContain(SECRET);
  });
  it("for the seed lab, whose gateways have no circuit: each name is refused, the value not shown", () => {
    const out = lines({ [AUTH]: { "vnet-hub00": SECRET, nope: { secure: "v1:x" } } });
    expect(out).toEqual([
      `  - ${AUTH}.vnet-hub00: no deployed VNet named vnet-hub00 has a gateway with a circuitId`,
      `  - ${AUTH}.nope: no deployed VNet named nope has a gateway with a circuitId`,
    ]);
    expect(out.join("\n")).not.toContain(SECRET);
  });
});

describe("loadLab (lab up, verify, plan, graph) goes through it", () => {
  it.each(
    nonEmpty([
      ["auth-key-shared.yml", "vnet-hub00, vnet-spoke10 are given the same authorization key"],
      ["azure-native-location-misspelt.yml", '"japanest" is not an Azure region'],
      ["ssh-key-ecdsa.yml", "ecdsa-sha2-nistp256 keys are not accepted by Azure"],
    ]),
  )("%s is a ConfigError with the program's message", (file, fragment) => {
    let error: unknown;
    try {
      loadLab(join(ERRORS_DIR, file));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^invalid stack config \(1 problem\):\n/);
    expect((error as Error).message).toContain(fragment);
    expect((error as Error).message).not.toContain("do-not-print-this-key");
  });
  it("the shipped stacks load", () => {
    for (const s of ["dev", "seed", "peering"]) expect(loadLab(s).stack).toBe(s);
  });
});

describe("emulation keys are judged with every other key, before anything is built", () => {
  it("one run lists the emulation's problems beside the lab's, the schema's and another key's", () => {
    const l = rawLab(undefined, (c) => {
      c.emulation = { lossPercent: { "vnet-nope": 2 }, enforceNsgs: "yes" };
      c.sites[0].tunnel.vni = 0;
    });
    const out = lines({ "hub-spoke-vxlan:lab": l, "hub-spoke-vxlan:sshPublicKey": "ssh-dss AAAA" });
    expect(out.map((x) => x.replace(/: .*$/, ""))).toEqual([
      "  - hub-spoke-vxlan:lab.emulation.enforceNsgs",
      "  - hub-spoke-vxlan:lab.sites[0].tunnel.vni",
      "  - hub-spoke-vxlan:lab.emulation.lossPercent.vnet-nope",
      "  - hub-spoke-vxlan:sshPublicKey",
    ]);
  });
});
