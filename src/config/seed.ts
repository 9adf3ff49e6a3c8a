// The write-up's lab (docs/seed-vs-author.md): the default topology of every stack.
import type { LabConfigInput } from "./schema.js";

export const SEED_LAB = {
  hub: {
    name: "vnet-hub00",
    addressSpace: ["10.0.0.0/16"],
    subnets: [
      { name: "default", prefix: "10.0.0.0/24" },
      { name: "GatewaySubnet", prefix: "10.0.255.0/27" },
    ],
    gateway: { sku: "ErGw1AZ" },
    router: { name: "vm-hub00", address: "10.0.0.4" },
  },
  spokes: [
    {
      name: "vnet-spoke10",
      addressSpace: ["10.10.0.0/16"],
      subnets: [
        { name: "default", prefix: "10.10.0.0/24" },
        { name: "GatewaySubnet", prefix: "10.10.255.0/27" },
      ],
      gateway: { sku: "ErGw1AZ" },
      hosts: [{ name: "vm-spoke10", address: "10.10.0.4" }],
    },
  ],
  sites: [
    {
      name: "vnet-hub100",
      kind: "expressroute",
      attach: "hub",
      addressSpace: ["10.100.0.0/16"],
      subnets: [
        { name: "default", prefix: "10.100.0.0/24" },
        { name: "GatewaySubnet", prefix: "10.100.255.0/27" },
      ],
      gateway: { sku: "ErGw1AZ" },
      router: { name: "vm-hub100", address: "10.100.0.4" },
      hosts: [{ name: "vm-hub101", address: "10.100.0.5" }],
      tunnel: { vni: 77, hubAddress: "169.254.0.1/24", siteAddress: "169.254.0.2/24" },
    },
  ],
} as const satisfies LabConfigInput;
