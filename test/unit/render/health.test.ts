// hub.pair: the health answer's files and runcmd entry, on exactly the hub routers of a pair; every
// other router (and every lab without a pair) renders as before. The server itself runs in
// test/validators/health-server.test.ts.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { filesFor, parseCloudInit, renderCloudInit } from "../../../src/render/cloud-init.js";
import { HEALTH_PATHS, healthServiceArgv, renderHealthScript } from "../../../src/render/health.js";
import type { Lab } from "../../../src/model/types.js";
import { bgp, editedLab } from "../../support/config-edit.js";
import { FIXTURES, labOf, stackLabel, STACKS } from "../../support/stacks.js";
import { testKeys } from "../../support/wireguard.js";
import { nonEmpty } from "../../support/non-empty.js";

const PAIR = join(FIXTURES, "Pulumi.pair.yaml");
const vmOf = (lab: Lab, name: string) => lab.vms.find((v) => v.name === name)!;
const files = (lab: Lab, vm: string) => filesFor(lab, vmOf(lab, vm), testKeys(lab));
const content = (lab: Lab, vm: string, path: string) => files(lab, vm).find((f) => f.path === path)?.content;
const doc = (lab: Lab, vm: string) => parseCloudInit(renderCloudInit(lab, vmOf(lab, vm), testKeys(lab)));

// What every router's runcmd was before the pair (router-files.ts routerRuncmd), written out.
const RUNCMD = [
  ["sysctl", "-p", "/etc/sysctl.d/60-hub-spoke-vxlan.conf"],
  ["env", "IFACE=eth0", "/etc/networkd-dispatcher/routable.d/50-hub-spoke-vxlan"],
  ["systemctl", "enable", "--now", "networkd-dispatcher"],
  ["systemctl", "restart", "frr"],
];
const HEALTH_FILES = ["/etc/hub-spoke-vxlan/health", "/etc/hub-spoke-vxlan/health.conf", "/etc/systemd/system/hsv-health.service"];

describe("pair fixture: both hub routers answer the probe, the site router does not", () => {
  const lab = labOf(PAIR);

  it.each(nonEmpty(["vm-hub00", "vm-hub01"]))("%s: the three files, their modes, and runcmd starts the unit after FRR", (vm) => {
    const written = doc(lab, vm).write_files!;
    expect(written.filter((f) => HEALTH_FILES.includes(f.path)).map((f) => [f.path, f.permissions, f.owner])).toEqual([
      ["/etc/hub-spoke-vxlan/health", "0755", "root:root"],
      ["/etc/hub-spoke-vxlan/health.conf", "0644", "root:root"],
      ["/etc/systemd/system/hsv-health.service", "0644", "root:root"],
    ]);
    expect(doc(lab, vm).runcmd).toEqual([...RUNCMD, ["systemctl", "enable", "--now", "hsv-health.service"]]);
  });

  it("the config: every address, the model's probe port and path, the prefix the router learns from the site", () => {
    const want = [
      "# Rendered by hub-spoke-vxlan from the lab model: change the stack config, not this file.",
      "# hub.pair: what /etc/hub-spoke-vxlan/health answers the load balancer's probe on, and the prefixes",
      "# this router must have as BGP routes to answer 200 (what it learns over its tunnels).",
      "address 0.0.0.0",
      "port 8779",
      "path /healthz",
      "prefix 10.100.0.0/16",
      "",
    ].join("\n");
    expect(content(lab, "vm-hub00", HEALTH_PATHS.config)).toBe(want);
    expect(content(lab, "vm-hub01", HEALTH_PATHS.config)).toBe(want);
  });

  it("the port and path come from the model: another probe renders another config, the same script", () => {
    const other: Lab = { ...lab, loadBalancer: { ...lab.loadBalancer!, probe: { ...lab.loadBalancer!.probe, port: 9123, path: "/up" } } };
    const conf = content(other, "vm-hub01", HEALTH_PATHS.config)!;
    expect(conf).toContain("\nport 9123\npath /up\n");
    expect(conf).not.toContain("8779");
    expect(content(other, "vm-hub01", HEALTH_PATHS.script)).toBe(content(lab, "vm-hub01", HEALTH_PATHS.script));
    expect(content(other, "vm-hub01", HEALTH_PATHS.unit)).toContain("(HTTP GET /up on port 9123)");
  });

  it("the prefixes come from the model: a router that must learn two prefixes lists both, in order", () => {
    const two: Lab = {
      ...lab,
      loadBalancer: {
        ...lab.loadBalancer!,
        healthPrefixes: { ...lab.loadBalancer!.healthPrefixes, "vm-hub00": ["10.100.0.0/16", "10.101.0.0/16"] },
      },
    };
    expect(content(two, "vm-hub00", HEALTH_PATHS.config)).toMatch(/\nprefix 10\.100\.0\.0\/16\nprefix 10\.101\.0\.0\/16\n$/);
    expect(content(two, "vm-hub01", HEALTH_PATHS.config)).toMatch(/\nprefix 10\.100\.0\.0\/16\n$/);
  });

  it("the script: the same bytes on both routers, the one the emulation starts (python3 <script> [config])", () => {
    expect(content(lab, "vm-hub00", HEALTH_PATHS.script)).toBe(renderHealthScript());
    expect(content(lab, "vm-hub01", HEALTH_PATHS.script)).toBe(renderHealthScript());
    expect(renderHealthScript()).toMatch(/^#!\/usr\/bin\/python3\n/);
    expect(renderHealthScript()).toContain('\nDEFAULT_CONFIG = "/etc/hub-spoke-vxlan/health.conf"\n');
    expect(renderHealthScript()).toContain('\nIP_COMMAND = ["ip", "-j", "route", "show", "table", "main", "proto", "bgp"]\n');
    expect(healthServiceArgv()).toEqual(["python3", "/etc/hub-spoke-vxlan/health"]);
    expect(healthServiceArgv("/tmp/x.conf")).toEqual(["python3", "/etc/hub-spoke-vxlan/health", "/tmp/x.conf"]);
  });

  it("the unit runs the script with the package's python3, restarts it, and needs no root", () => {
    const unit = content(lab, "vm-hub00", HEALTH_PATHS.unit)!;
    expect(unit).toContain("\n[Service]\nExecStart=/usr/bin/python3 /etc/hub-spoke-vxlan/health\nRestart=always\n");
    expect(unit).toContain("\nDynamicUser=yes\n");
    expect(unit).toContain("\n[Install]\nWantedBy=multi-user.target\n");
  });

  it("the site router vm-hub100 and the hosts: no health file, runcmd as before", () => {
    const others = lab.vms.filter((vm) => vm.name !== "vm-hub00" && vm.name !== "vm-hub01");
    expect(others.map((vm) => vm.name).sort()).toEqual(["vm-hub100", "vm-hub101", "vm-spoke10"]);
    for (const vm of others)
      expect(
        files(lab, vm.name).filter((f) => f.path.includes("health")),
        vm.name,
      ).toEqual([]);
    expect(doc(lab, "vm-hub100").runcmd).toEqual(RUNCMD);
  });

  it("prefer first: the same health files (the preference is BGP's, not the probe's)", () => {
    const first = editedLab(PAIR, (l) => {
      l.hub.pair.prefer = "first";
    });
    for (const vm of ["vm-hub00", "vm-hub01"]) {
      for (const path of HEALTH_FILES) expect(content(first, vm, path), `${vm} ${path}`).toBe(content(lab, vm, path));
    }
  });
});

describe("labs without a pair: no router gets a health file or the unit", () => {
  const labs = [
    ...STACKS.map((s) => [stackLabel(s), labOf(s)] as const),
    ...STACKS.map((s) => [`${stackLabel(s)} bgp`, editedLab(s, bgp)] as const),
  ];
  it.each(nonEmpty(labs))("%s", (_, lab) => {
    for (const vm of lab.vms) {
      expect(
        files(lab, vm.name).filter((f) => f.path.includes("health")),
        vm.name,
      ).toEqual([]);
      if (vm.role === "router") expect(doc(lab, vm.name).runcmd, vm.name).toEqual(RUNCMD);
    }
  });
});
