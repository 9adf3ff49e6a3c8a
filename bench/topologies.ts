// Big labs built programmatically: the raw hub-spoke-vxlan:lab object for N sites x M spokes.
export function bigLabConfig(sites: number, spokes: number): Record<string, unknown> {
  if (sites > 150 || spokes > 89) throw new Error("address plan supports at most 150 sites and 89 spokes");
  const vnet = (name: string, second: number, gateway: boolean) => ({
    name,
    addressSpace: [`10.${second}.0.0/16`],
    subnets: [
      { name: "default", prefix: `10.${second}.0.0/24` },
      ...(gateway ? [{ name: "GatewaySubnet", prefix: `10.${second}.255.0/27` }] : []),
    ],
    ...(gateway ? { gateway: { sku: "ErGw1AZ" } } : {}),
  });
  return {
    resourceGroupName: `rg-bench-${sites}x${spokes}`,
    hub: { ...vnet("vnet-hub00", 0, true), router: { name: "vm-hub00", address: "10.0.0.4" } },
    spokes: Array.from({ length: spokes }, (_, i) => ({
      ...vnet(`vnet-spoke${10 + i}`, 10 + i, true),
      hosts: [{ name: `vm-spoke${10 + i}`, address: `10.${10 + i}.0.4` }],
    })),
    sites: Array.from({ length: sites }, (_, j) => ({
      ...vnet(`vnet-site${100 + j}`, 100 + j, true),
      kind: "expressroute",
      attach: "hub",
      router: { name: `vm-router${100 + j}`, address: `10.${100 + j}.0.4` },
      hosts: [{ name: `vm-host${100 + j}`, address: `10.${100 + j}.0.5` }],
    })),
  };
}
