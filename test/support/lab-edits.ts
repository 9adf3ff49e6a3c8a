// Lab variants the config cannot express: a copy of the built model with one part edited.
import type { Lab, RouterModel, UdrRoute, VmModel, VnetModel } from "../../src/model/types.js";

export const withVnet = (lab: Lab, name: string, edit: (v: VnetModel) => VnetModel): Lab => ({
  ...lab,
  vnets: lab.vnets.map((v) => (v.name === name ? edit(v) : v)),
});

/** One more UDR in the route table of the VNet's subnets. */
export const withUdr = (lab: Lab, vnet: string, route: UdrRoute): Lab => ({
  ...lab,
  routeTables: lab.routeTables.map((t) => (t.vnet === vnet ? { ...t, routes: [...t.routes, route] } : t)),
});

/** The VM edited everywhere the model holds it (the VM list, its VNet, its router). */
export function withVm(lab: Lab, name: string, edit: (v: VmModel) => VmModel): Lab {
  const e = (v: VmModel) => (v.name === name ? edit(v) : v);
  return {
    ...lab,
    vms: lab.vms.map(e),
    vnets: lab.vnets.map((n) => ({ ...n, vms: n.vms.map(e) })),
    routers: lab.routers.map((r) => ({ ...r, vm: e(r.vm) })),
  };
}

export const withRouter = (lab: Lab, name: string, edit: (r: RouterModel) => RouterModel): Lab => ({
  ...lab,
  routers: lab.routers.map((r) => (r.vm.name === name ? edit(r) : r)),
});
