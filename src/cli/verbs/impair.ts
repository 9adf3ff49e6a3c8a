// `lab impair`: set the running lab's underlay impairments (rate, loss, delay per path; see
// src/emu/commands/impair.ts). Each call sets exactly what it says; `--clear` removes them all.
import { Command } from "commander";
import Table from "cli-table3";
import { StateError } from "../../emu/lifecycle.js";
import { checkPrereqs } from "../../emu/prereqs.js";
import { loadStack } from "../../emu/stack.js";
import { applyImpairments, clearImpairments } from "../../emu/impair.js";
import { ImpairError, parseRate, resolvePath, type PathSpec } from "../../emu/commands/impair.js";
import { JSON_OPTION, STACK_OPTION, type Done } from "../options.js";
import { requireUp } from "../lab-up.js";
import { vnetByName } from "../../model/lookup.js";
import { gatewayMegabitsPerSecond, isGatewaySku } from "../../platform/gateway-skus.js";

interface Opts {
  stack: string;
  path?: string[];
  all?: boolean;
  rate?: string;
  loss?: string;
  delay?: string;
  clear?: boolean;
  json?: boolean;
}

const num = (what: string, text: string, max: number) => {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > max) throw new ImpairError(`bad ${what} "${text}": a number from 0 to ${max}`);
  return n;
};

export function impairCommand(done: Done): Command {
  return new Command("impair")
    .description(
      "underlay impairments in the fabric: each gateway's SKU throughput as a rate limit, packet loss, delay (netem kernels only)",
    )
    .option(...STACK_OPTION)
    .option("--path <name...>", "a VNet or gateway name (the traffic through its gateway; a VNet without one: its peerings)")
    .option("--all", "every VNet's path")
    .option("--rate <rate>", "a gateway SKU (ErGw1AZ...), 'sku' (each gateway's own SKU) or Mbit/s (500, 500mbit, 1gbit)")
    .option("--loss <percent>", "packet loss in %, each direction")
    .option("--delay <ms>", "added delay in ms (needs the kernel's netem)")
    .option("--clear", "remove every impairment")
    .option(...JSON_OPTION)
    .action(async (o: Opts) => {
      const loaded = loadStack(o.stack);
      checkPrereqs();
      requireUp(loaded.topo.stack);
      const { lab, topo } = loaded;
      if (o.clear) {
        if (o.path || o.all || o.rate || o.loss || o.delay) throw new StateError("--clear takes no --path/--all/--rate/--loss/--delay");
        await clearImpairments(topo);
        process.stdout.write(o.json ? `${JSON.stringify({ stack: topo.stack, paths: [] })}\n` : `impair ${topo.stack}: cleared\n`);
        return done(0);
      }
      if (!o.path?.length && !o.all) throw new StateError("give --path <vnet or gateway> (repeatable), --all, or --clear");
      if (!o.rate && !o.loss && !o.delay) throw new StateError("give at least one of --rate, --loss, --delay");
      const vnets = o.all ? lab.vnets.filter((v) => v.deployed).map((v) => v.name) : [...new Set(o.path!.map((p) => resolvePath(lab, p)))];
      const specs: PathSpec[] = vnets.map((vnet) => {
        const gw = vnetByName(lab, vnet)!.gateway;
        let rateMbit: number | undefined;
        if (o.rate?.toLowerCase() === "sku") {
          if (!gw) {
            if (!o.all) throw new ImpairError(`--rate sku: ${vnet} has no gateway (give Mbit/s instead)`);
          } else if (isGatewaySku(gw.sku)) rateMbit = gatewayMegabitsPerSecond(gw.sku, gw.scaleUnits);
        } else if (o.rate) rateMbit = parseRate(o.rate);
        return {
          vnet,
          ...(rateMbit ? { rateMbit } : {}),
          ...(o.loss ? { lossPercent: num("--loss", o.loss, 100) } : {}),
          ...(o.delay ? { delayMs: num("--delay", o.delay, 60_000) } : {}),
        };
      });
      const plan = await applyImpairments(lab, topo, specs);
      if (o.json) process.stdout.write(`${JSON.stringify({ stack: topo.stack, paths: plan.summary }, null, 2)}\n`);
      else {
        const t = new Table({ head: ["Path", "NIC pairs", "Rate Mbit/s", "Loss %", "Delay ms"], style: { head: [], border: [] } });
        t.push(
          ...plan.summary.map((p) => [
            p.path,
            String(p.flows),
            p.rateMbit ? String(p.rateMbit) : "-",
            p.lossPercent ? String(p.lossPercent) : "-",
            p.delayMs ? String(p.delayMs) : "-",
          ]),
        );
        process.stdout.write(`impair ${topo.stack} (replaces any earlier impairment; \`impair --clear\` removes them):\n${t.toString()}\n`);
      }
      done(0);
    });
}
