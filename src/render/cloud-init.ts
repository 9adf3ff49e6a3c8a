// Whole cloud-init documents per VM: static parts from cloud-init/*.yaml, files from the model.
import * as yaml from "js-yaml";
import { routerModelOf } from "../model/lookup.js";
import type { Lab, VmModel } from "../model/types.js";
import { probeFile } from "./probe.js";
import { routerFiles, routerRuncmd, type RenderedFile } from "./router-files.js";
import { HEADER, loadYamlTemplate } from "./templates.js";

/** Every VM carries the probe; routers also their tunnel, FRR and firewall files. */
export function filesFor(lab: Lab, vm: VmModel): RenderedFile[] {
  const router = routerModelOf(lab, vm.name);
  return [...(router ? routerFiles(lab, router) : []), probeFile()];
}

/** The exact #cloud-config text for one VM (deterministic: same lab, same bytes). */
export function renderCloudInit(lab: Lab, vm: VmModel): string {
  const base = loadYamlTemplate(vm.role === "router" ? "router.yaml" : "host.yaml");
  const files = filesFor(lab, vm);
  // Deferred: written after packages are installed (the frr user and folders exist by then).
  const write_files = files.map((f) => ({ path: f.path, owner: f.owner, permissions: f.permissions, defer: true, content: f.content }));
  return dump({ ...base, write_files, ...(vm.role === "router" ? { runcmd: routerRuncmd() } : {}) });
}

function dump(doc: object): string {
  return `#cloud-config\n# ${HEADER}\n${yaml.dump(doc, { lineWidth: -1, noRefs: true, sortKeys: false })}`;
}

/** Parses a rendered document back, as cloud-init would (used by the emulation and the tests). */
export function parseCloudInit(text: string): { write_files?: { path: string; content: string; permissions: string; owner: string }[]; runcmd?: string[][]; packages?: string[] } {
  if (!text.startsWith("#cloud-config\n")) throw new Error("not a #cloud-config document");
  return yaml.load(text) as ReturnType<typeof parseCloudInit>;
}
