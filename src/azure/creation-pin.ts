// A subnet setting this lab does not change on a live stack (access.defaultOutboundAccess): Learn
// documents changing it on an existing subnet, but running VMs only pick it up after a stop/deallocate
// (https://learn.microsoft.com/azure/virtual-network/ip-services/default-outbound-access), and the API
// version azure-native 3.28 uses (2024-05-01) says it "can only be set at the time of subnet creation".
// The value the VNet was created with is kept in the stack by a tiny dynamic resource, and a later
// `pulumi up` with a different value is refused by that resource's check, in preview, with the reason,
// before the VNet is touched. Without it the change would reach Azure as a VNet update: either refused
// there after other resources were already updated, or accepted for the subnet while running VMs keep
// what they had.
import * as pulumi from "@pulumi/pulumi";

export interface PinInputs {
  readonly value: boolean;
  /** Config key and VNet, for the message. */
  readonly key: string;
  readonly vnet: string;
}

/** The check: a changed value is a failure naming the key, both values and what to do instead. */
export function checkPin(olds: Partial<PinInputs> | undefined, news: PinInputs): pulumi.dynamic.CheckResult<PinInputs> {
  if (olds && typeof olds.value === "boolean" && olds.value !== news.value) {
    return {
      inputs: news,
      failures: [
        {
          property: "value",
          reason:
            `${news.key} is ${news.value} in the config, but ${news.vnet}'s subnets were created with ${olds.value}. ` +
            `This lab does not change it on a live stack: running VMs only pick a change up after a stop/deallocate, and the Network API version used here documents it as set at subnet creation only. ` +
            `Set it back to ${olds.value}, or run pulumi destroy and then pulumi up to rebuild the lab with ${news.value}.`,
        },
      ],
    };
  }
  return { inputs: news };
}

const provider: pulumi.dynamic.ResourceProvider = {
  async check(olds: any, news: any) {
    return checkPin(olds, news);
  },
  async create(inputs: any) {
    return { id: `${inputs.vnet}-${inputs.key}`, outs: inputs };
  },
  async diff() {
    return { changes: false };
  },
};

export class CreationPin extends pulumi.dynamic.Resource {
  declare readonly value: pulumi.Output<boolean>;
  constructor(name: string, args: PinInputs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...args }, opts, "CreationPin");
  }
}
