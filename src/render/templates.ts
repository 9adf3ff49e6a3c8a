// Loads the templates in cloud-init/ and renders them with Mustache (no HTML escaping: these are configs).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Mustache from "mustache";
import * as yaml from "js-yaml";
import { PROJECT_DIR } from "../config/project-dir.js";

export const TEMPLATE_DIR = join(PROJECT_DIR, "cloud-init");

const cache = new Map<string, string>();
function read(rel: string): string {
  let text = cache.get(rel);
  if (text === undefined) {
    text = readFileSync(join(TEMPLATE_DIR, rel), "utf8");
    cache.set(rel, text);
  }
  return text;
}

export function renderTemplate(rel: string, view: object): string {
  return Mustache.render(read(rel), view, {}, { escape: (s: string) => s });
}

export function loadYamlTemplate(rel: string): Record<string, unknown> {
  return yaml.load(read(rel)) as Record<string, unknown>;
}

export const HEADER = "Rendered by hub-spoke-vxlan from the lab model: change the stack config, not this file.";
