// Stack config -> validated settings, or one RunError listing every problem with its config key.
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NS } from "../config/problems.js";
import { judgeStackConfig, type Settings } from "../model/settings.js";

export { CONFIG_KEYS, checkSettings, type RawSettings, type Settings, type SettingsResult } from "../model/settings.js";

/** Reads the stack's config; throws a RunError (no stack trace) listing every problem. */
export function readSettings(): Settings & { circuitAuthorizationKeys?: pulumi.Output<Record<string, string>> } {
  // Every key read and judged as the CLI judges a stack file (src/model/settings.ts).
  const result = judgeStackConfig(pulumi.runtime.allConfig(), { deploy: true });
  if (!result.ok) throw new pulumi.RunError(result.message);
  const keys = new pulumi.Config(CONFIG_NS).getSecretObject<Record<string, string>>("circuitAuthorizationKeys");
  return { ...result.settings, ...(keys ? { circuitAuthorizationKeys: keys } : {}) };
}
