// User-defined route tables: the model's routes, each to a router as a virtual appliance.
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import type { RouteTableModel } from "../model/types.js";
import { TYPE_PREFIX, type Placement } from "./common.js";

export interface RouteTablesArgs extends Placement {
  readonly tables: readonly RouteTableModel[];
}

export class RouteTables extends pulumi.ComponentResource {
  /** Route table id per subnet name. */
  readonly idsBySubnet: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: RouteTablesArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TYPE_PREFIX}:RouteTables`, name, {}, opts);
    const ids: Record<string, pulumi.Output<string>> = {};
    for (const t of args.tables) {
      const table = new network.RouteTable(
        t.name,
        {
          routeTableName: t.name,
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          routes: t.routes.map((r) => ({
            name: r.name,
            addressPrefix: r.prefix,
            nextHopType: "VirtualAppliance",
            nextHopIpAddress: r.nextHopIp,
          })),
        },
        // A route to hub.pair's frontend needs no load balancer to exist (a next hop is an address), so
        // the spokes' tables (and their VNets and gateways) do not wait for it.
        { parent: this },
      );
      ids[t.subnet] = table.id;
    }
    this.idsBySubnet = ids;
    this.registerOutputs({});
  }
}
