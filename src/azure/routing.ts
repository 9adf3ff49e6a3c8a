// User-defined route tables: the model's routes, each to a router as a virtual appliance.
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import type { RouteTableModel } from "../model/types.js";
import { TYPE_PREFIX, type Placement } from "./common.js";

export interface RouteTablesArgs extends Placement {
  readonly tables: readonly RouteTableModel[];
  /** hub.pair: a table with a route to the load balancer's frontend waits for the load balancer. */
  readonly frontend?: { readonly address: string; readonly loadBalancer: pulumi.Resource };
}

export class RouteTables extends pulumi.ComponentResource {
  /** Route table id per subnet name. */
  readonly idsBySubnet: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: RouteTablesArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TYPE_PREFIX}:RouteTables`, name, {}, opts);
    const ids: Record<string, pulumi.Output<string>> = {};
    const f = args.frontend;
    for (const t of args.tables) {
      const toFrontend = f !== undefined && t.routes.some((r) => r.nextHopIp === f.address);
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
        { parent: this, ...(toFrontend ? { dependsOn: [f.loadBalancer] } : {}) },
      );
      ids[t.subnet] = table.id;
    }
    this.idsBySubnet = ids;
    this.registerOutputs({});
  }
}
