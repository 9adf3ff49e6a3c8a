// The lookups readers of the model repeat. Functions, not Lab methods: the Lab stays plain data,
// and the builders use the same lookups on the VNet list before a Lab exists.
import type { Lab, RouterModel, VmModel, VnetModel } from "./types.js";

type Vnets = Lab | readonly VnetModel[];
const vnetsOf = (from: Vnets): readonly VnetModel[] => ("vnets" in from ? from.vnets : from);

export const hubOf = (from: Vnets): VnetModel | undefined => vnetsOf(from).find((v) => v.role === "hub");

export const vnetByName = (from: Vnets, name: string): VnetModel | undefined => vnetsOf(from).find((v) => v.name === name);

/** The VNet's router (hub or hub-attached site), if it has one. */
export const routerOf = (vnet: VnetModel | undefined): VmModel | undefined => vnet?.vms.find((vm) => vm.role === "router");

export const routerIn = (from: Vnets, vnetName: string): VmModel | undefined => routerOf(vnetByName(from, vnetName));

export const vmByName = (lab: Lab, name: string): VmModel | undefined => lab.vms.find((vm) => vm.name === name);

/** The router model (tunnels, static routes) of a VM, if the VM is a router. */
export const routerModelOf = (lab: Lab, vmName: string): RouterModel | undefined => lab.routers.find((r) => r.vm.name === vmName);

/** Sites attached to the hub: each has a tunnel to the hub router. */
export const tunnelSites = (from: Vnets): VnetModel[] => {
  const hub = hubOf(from);
  return vnetsOf(from).filter((v) => v.role === "site" && v.attach === hub?.name);
};

/** What the tunnelled sites reach through the hub: every spoke's address space. */
export const spokePrefixes = (from: Vnets): string[] =>
  vnetsOf(from)
    .filter((v) => v.role === "spoke")
    .flatMap((v) => v.addressSpace);

/** What the spokes reach through the hub router: every tunnelled site's address space. */
export const tunnelSitePrefixes = (from: Vnets): string[] => tunnelSites(from).flatMap((v) => v.addressSpace);
