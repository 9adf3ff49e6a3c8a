// Whole cloud-init documents per VM: static parts from cloud-init/*.yaml, files from the model.
import * as yaml from "js-yaml";
import { routerModelOf } from "../model/lookup.js";
import type { Lab, VmModel } from "../model/types.js";
import { probeFile } from "./probe.js";
import type { TunnelKeys } from "../model/wireguard-keys.js";
import { routerFiles, routerRuncmd, type RenderedFile } from "./router-files.js";
import { HEADER, loadYamlTemplate } from "./templates.js";
import { answersHealth } from "./health.js";

/** Every VM carries the probe; routers also their tunnel, FRR and firewall files (with their own
 *  WireGuard private keys under features.encryption wireguard). */
export function filesFor(lab: Lab, vm: VmModel, keys?: TunnelKeys): RenderedFile[] {
  const router = routerModelOf(lab, vm.name);
  return [...(router ? routerFiles(lab, router, keys) : []), probeFile()];
}

/** Whether a VM's cloud-init carries secrets, WireGuard private keys or BGP passwords (then it is a secret wherever it goes). */
export const carriesKeys = (lab: Lab, vm: VmModel): boolean =>
  (lab.encrypted || lab.routing === "bgp") && !!routerModelOf(lab, vm.name)?.tunnels.length;

/** Ubuntu 24.04's kernel has WireGuard; `wg` (wireguard-tools) loads its config. */
export const WIREGUARD_PACKAGE = "wireguard-tools";

/** The exact #cloud-config text for one VM (deterministic: same lab and keys, same bytes). */
export function renderCloudInit(lab: Lab, vm: VmModel, keys?: TunnelKeys): string {
  const base = loadYamlTemplate(vm.role === "router" ? "router.yaml" : "host.yaml");
  const files = filesFor(lab, vm, keys);
  // wg for the WireGuard links only: a BGP password alone (routing: bgp) makes the document secret, not a WireGuard router.
  const packages =
    lab.encrypted && carriesKeys(lab, vm) ? { packages: [...((base.packages as string[] | undefined) ?? []), WIREGUARD_PACKAGE] } : {};
  // Deferred: written after packages are installed (the frr user and folders exist by then).
  const write_files = files.map((f) => ({ path: f.path, owner: f.owner, permissions: f.permissions, defer: true, content: f.content }));
  return dump({
    ...base,
    ...packages,
    write_files,
    ...(vm.role === "router" ? { runcmd: routerRuncmd(answersHealth(lab, vm.name)) } : {}),
  });
}

function dump(doc: object): string {
  return `#cloud-config\n# ${HEADER}\n${yaml.dump(doc, { lineWidth: -1, noRefs: true, sortKeys: false })}`;
}

/** Parses a rendered document back, as cloud-init would (used by the emulation and the tests). */
export function parseCloudInit(text: string): {
  write_files?: { path: string; content: string; permissions: string; owner: string }[];
  runcmd?: string[][];
  packages?: string[];
} {
  if (!text.startsWith("#cloud-config\n")) throw new Error("not a #cloud-config document");
  return yaml.load(text) as ReturnType<typeof parseCloudInit>;
}
