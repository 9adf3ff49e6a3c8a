// Config problems for rule tests: the seed lab, changed one way, and what the model says of it.
import { expect } from "vitest";
import { tryBuildLab } from "../../src/model/build.js";
import type { Problem } from "../../src/config/problems.js";
import { rawLab, type Raw } from "./config-edit.js";

type Change = Raw | ((c: Raw) => void);

/** Every problem of a config, or of the seed lab after `mutate`; [] when it builds. */
export function problemsOf(change: Change): Problem[] {
  const c = typeof change === "function" ? rawLab() : change;
  if (typeof change === "function") change(c);
  const r = tryBuildLab(c);
  return r.ok ? [] : r.problems;
}

/** Exactly one problem, on `key`, with this message (a string is compared whole). */
export function expectOnly(change: Change, key: string, message: string | RegExp): void {
  const ps = problemsOf(change);
  expect(ps, JSON.stringify(ps, null, 1)).toEqual([
    { key, message: typeof message === "string" ? message : expect.stringMatching(message) },
  ]);
}

/** A second hub-attached site, vnet-hub200 (10.200.0.0/16), pushed onto the config, with `tunnel`
 *  written out (by default VNI 78 on 169.254.1.0/24, what the defaults give the second hub-attached
 *  site); `null` leaves the tunnel to the defaults. (Not `undefined`: that is the default argument.) */
export function secondSite(c: Raw, tunnel: Raw | null = { vni: 78, hubAddress: "169.254.1.1/24", siteAddress: "169.254.1.2/24" }): Raw {
  const s = structuredClone(c.sites[0]);
  Object.assign(s, {
    name: "vnet-hub200",
    addressSpace: ["10.200.0.0/16"],
    subnets: [
      { name: "default", prefix: "10.200.0.0/24" },
      { name: "GatewaySubnet", prefix: "10.200.255.0/27" },
    ],
    router: { name: "vm-hub200", address: "10.200.0.4" },
    hosts: [],
  });
  if (tunnel) s.tunnel = tunnel;
  else delete s.tunnel;
  c.sites.push(s);
  return s;
}

/** Another spoke cloned from the first, without a gateway: `name` on 10.<n>.0.0/16 with one subnet
 *  "default" (10.<n>.0.0/24) and one host `vm` at 10.<n>.0.4, pushed onto the config. */
export function extraSpoke(c: Raw, name: string, n: number, vm: string): Raw {
  const s = structuredClone(c.spokes[0]);
  Object.assign(s, {
    name,
    addressSpace: [`10.${n}.0.0/16`],
    subnets: [{ name: "default", prefix: `10.${n}.0.0/24` }],
    hosts: [{ name: vm, address: `10.${n}.0.4` }],
  });
  delete s.gateway;
  c.spokes.push(s);
  return s;
}
