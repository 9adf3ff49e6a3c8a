// The verify matrix for the deployed lab, pure: which pairs the Azure run-commands probe, what the
// model expects of them with the underlay as configured, whether to run on deploy, and the
// `verification` stack output built from the probes' outputs.
import type { Lab } from "../model/types.js";
import { byPair, expectAll } from "../routing/walk.js";
import type { Expectation } from "./contract.js";
import { judge, modelOutputs, summaryLine, targetsByVm, type LinkResult, type PairResult } from "./contract.js";
import { tunnelGateways, withConfiguredUnderlay } from "../routing/underlay.js";
import { modelDigest, modelOf } from "./model-digest.js";
import { judgeLinks, routerLinks } from "./links.js";
import {
  bgpExpectations,
  bgpLines,
  healthyObservation,
  judgeBgp,
  type BgpRouterExpectation,
  type RoutingResult,
  routingCountLine,
} from "./bgp.js";

/** Every ordered pair of deployed VMs, expected with only the configured circuit connections. */
export function azureExpectations(lab: Lab): Expectation[] {
  const deployed = new Set(lab.vms.filter((v) => v.deployed).map((v) => v.name));
  return expectAll(withConfiguredUnderlay(lab))
    .filter((e) => deployed.has(e.from) && deployed.has(e.to))
    .sort(byPair);
}

export const azureTargets = (lab: Lab): Map<string, string[]> => targetsByVm(azureExpectations(lab));

/** The deployed routers with routing: bgp, what their sessions must learn (their probe reports it, -b). */
export const azureBgpExpectations = (lab: Lab): BgpRouterExpectation[] => {
  const deployed = new Set(lab.vms.filter((v) => v.deployed).map((v) => v.name));
  return bgpExpectations(lab).filter((e) => deployed.has(e.vm));
};

/** Per deployed VM, what its probe prints when the lab behaves as the model says (mocks, tests). */
export function healthyOutputs(lab: Lab): Map<string, string> {
  const out = modelOutputs(azureExpectations(lab), routerLinks(lab));
  for (const e of azureBgpExpectations(lab)) out.set(e.vm, `${out.get(e.vm) ?? ""}${bgpLines(healthyObservation(e))}\n`);
  return out;
}

/** What the expectation assumes of the underlay, in words (the output says it). */
export function underlayAssumption(lab: Lab): string {
  const gws = tunnelGateways(lab);
  const missing = gws.filter((g) => !g.connected).map((g) => g.vnet);
  if (!gws.length) return "no tunnel crosses ExpressRoute: expected as the model walks it";
  if (!missing.length)
    return `every gateway a tunnel crosses has its circuit (${gws.map((g) => g.vnet).join(", ")}): expected as the model walks it`;
  return `no circuitId for ${missing.join(", ")}: what crosses ExpressRoute there is expected to fail`;
}

export interface OnDeploy {
  readonly on: boolean;
  readonly reason: string;
}

/** verify.onDeploy, or by default: on where every gateway that carries a tunnel has its circuit. */
export function onDeploy(lab: Lab): OnDeploy {
  const set = lab.config.verify.onDeploy;
  if (set !== undefined) return { on: set, reason: `verify.onDeploy is ${set} in the stack config` };
  const missing = tunnelGateways(lab)
    .filter((g) => !g.connected)
    .map((g) => g.vnet);
  if (missing.length) {
    return {
      on: false,
      reason: `off by default: ${missing.join(", ")} carry a tunnel but have no circuitId (set verify.onDeploy: true to run anyway)`,
    };
  }
  return { on: true, reason: "on by default: every gateway that carries a tunnel has its circuit" };
}

export interface Verification {
  /** False when the checks did not run on this deploy (summary says why). */
  readonly ran: boolean;
  readonly run: number;
  /** The model these pairs were judged with (src/probe/model-digest.ts); each VM's probe names the one it ran for. */
  readonly model: string;
  readonly underlay: string;
  readonly summary: string;
  readonly ok: boolean;
  readonly pairs: readonly PairResult[];
  /** Each router's tunnel links as its probe reported them (a stale or missing probe reports none). */
  readonly links: readonly LinkResult[];
  /** routing: bgp only (absent with static routing: its output is as before): each router's sessions and learned prefixes judged (src/probe/bgp.ts). */
  readonly routing?: readonly RoutingResult[];
  /** Links not up, BGP differences, then the pairs that differ, each "from -> to: difference; difference". */
  readonly differences: readonly string[];
  /** With autoShutdown: what to do before the next `up` that re-runs the checks. */
  readonly beforeNextUp?: string;
}

/**
 * Azure refuses extension changes on a stopped VM: "Cannot modify extensions in the VM when the VM
 * is not running" (OperationNotAllowed; https://github.com/hashicorp/terraform-provider-azurerm/issues/477,
 * #6098; met with azure-native on deallocated VMs in https://github.com/redhat-developer/mapt/issues/208).
 * Run Command "is built on top of custom script extension" (https://github.com/Azure/azure-cli/issues/4286);
 * Learn documents no rule for managed run-commands on a stopped VM, so that they fail the same way is
 * an inference, and the notice says so. What follows: after the nightly shutdown an `up` that re-runs
 * the checks (any model change, a verify.run bump) very likely fails on each stopped VM until it is
 * started. `destroy` is not affected: it never calls delete on a run-command (deletedWith,
 * src/azure/verification.ts).
 */
export function shutdownNotice(lab: Lab): string | undefined {
  const s = lab.config.autoShutdown;
  if (!s) return undefined;
  const rg = lab.config.resourceGroupName;
  return (
    `autoShutdown stops every VM at ${s.time} (${s.timeZone}); a run-command runs through a VM extension, and Azure refuses ` +
    `extension changes on a stopped VM ("Cannot modify extensions in the VM when the VM is not running"): before an up that changes the lab or bumps verify.run, ` +
    `start them: az vm start --ids $(az vm list -g ${rg} --query "[].id" -o tsv) (or set verify.onDeploy false to skip the checks)`
  );
}

/** The `verification` output from each VM's probe output (undefined: no output from that VM). */
export function verification(lab: Lab, outputs: ReadonlyMap<string, string | undefined>): Verification {
  const model = modelDigest(lab);
  // A probe that names another model ran for other targets and other rules: not evidence about this one.
  const stale = new Map<string, string>();
  for (const [vm, text] of outputs) {
    const ran = text === undefined ? undefined : modelOf(text);
    if (ran !== undefined && ran !== model) stale.set(vm, ran);
  }
  const pairs = judge(azureExpectations(lab), outputs).map((p) => {
    const ran = stale.get(p.from);
    return ran === undefined
      ? p
      : {
          ...p,
          asExpected: false,
          differences: [`stale: ${p.from}'s probe ran for model ${ran}, this is model ${model} (its check did not re-run)`],
        };
  });
  const bad = pairs.filter((p) => !p.asExpected);
  const links = judgeLinks(routerLinks(lab), new Map([...outputs].filter(([vm]) => !stale.has(vm))));
  const down = links.filter((l) => !l.up);
  // A stale probe's report is not evidence either: judged as no report.
  const routing = judgeBgp(azureBgpExpectations(lab), new Map([...outputs].map(([vm, t]) => [vm, stale.has(vm) ? "" : t])));
  const routingBad = routing.filter((r) => !r.ok);
  const notice = shutdownNotice(lab);
  return {
    ran: true,
    run: lab.config.verify.run,
    model,
    underlay: underlayAssumption(lab),
    summary: `verify run ${lab.config.verify.run}: ${summaryLine(pairs)}${down.length ? `; links down: ${down.map((l) => `${l.vm} ${l.dev}`).join(", ")}` : ""}${routing.length ? `; ${routingCountLine(routing)}` : ""}`,
    ok: bad.length === 0 && down.length === 0 && routingBad.length === 0,
    pairs,
    links,
    ...(routing.length ? { routing } : {}),
    differences: [
      ...down.map((l) => l.difference!),
      ...routingBad.flatMap((r) => r.differences),
      ...bad.map((p) => `${p.from} -> ${p.to}: ${p.differences.join("; ")}`),
    ],
    ...(notice ? { beforeNextUp: notice } : {}),
  };
}

/** The `verification` output when the checks are off for this deploy. */
export const notRun = (lab: Lab, reason: string): Verification => ({
  ran: false,
  run: lab.config.verify.run,
  model: modelDigest(lab),
  underlay: underlayAssumption(lab),
  summary: `verify not run on deploy: ${reason}`,
  ok: true,
  pairs: [],
  links: [],
  differences: [],
});
