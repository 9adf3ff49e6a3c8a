// Azure's naming rules for the resources this lab names, and the admin user names Azure refuses.
// Source: Learn "Naming rules and restrictions for Azure resources",
// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
// (Microsoft.Network rows: "Start with alphanumeric. End alphanumeric or underscore.").

export interface NameRule {
  /** What Azure calls it, for messages. */
  readonly what: string;
  readonly min: number;
  readonly max: number;
  /** Every character must match. */
  readonly chars: RegExp;
  readonly charsText: string;
  readonly first?: RegExp;
  readonly firstText?: string;
  readonly last?: RegExp;
  readonly lastText?: string;
}

const NETWORK_CHARS = { chars: /^[A-Za-z0-9_.-]$/, charsText: "letters, digits, '_', '.' and '-'" };
const NETWORK_ENDS = {
  first: /^[A-Za-z0-9]$/,
  firstText: "a letter or digit",
  last: /^[A-Za-z0-9_]$/,
  lastText: "a letter, digit or '_'",
};
const network = (what: string, min: number, max: number): NameRule => ({ what, min, max, ...NETWORK_CHARS, ...NETWORK_ENDS });

export const AZURE_NAMES = {
  // "resourcegroups | 1-90 | Alphanumerics, underscores, parentheses, hyphens, periods, and unicode
  // characters that match the regex documentation. Can't end with period."
  resourceGroup: {
    what: "resource group name",
    min: 1,
    max: 90,
    chars: /^[\p{L}\p{N}_().-]$/u,
    charsText: "letters, digits, '_', '(', ')', '-' and '.'",
    last: /^[^.]$/,
    lastText: "anything but '.'",
  },
  virtualNetwork: network("VNet name", 2, 64),
  subnet: network("subnet name", 1, 80),
  peering: network("peering name", 1, 80),
  networkInterface: network("NIC name", 1, 80),
  networkSecurityGroup: network("NSG name", 1, 80),
  securityRule: network("NSG rule name", 1, 80),
  routeTable: network("route table name", 1, 80),
  route: network("route name", 1, 80),
  virtualNetworkGateway: network("gateway name", 1, 80),
  connection: network("connection name", 1, 80),
  publicIpAddress: network("public IP name", 1, 80),
  // "virtualMachines | 1-15 (Windows) 1-64 (Linux) | Can't use: \/"[]:|<>+=;,?*@& Can't start with
  // underscore. Can't end with period or hyphen." (the host name; the program uses the VM name as both)
  virtualMachine: {
    what: "VM name",
    min: 1,
    max: 64,
    chars: /^[^\\/"[\]:|<>+=;,?*@&\s]$/,
    charsText: 'no whitespace and none of \\/"[]:|<>+=;,?*@&',
    first: /^[^_]$/,
    firstText: "anything but '_'",
    last: /^[^.-]$/,
    lastText: "anything but '.' or '-'",
  },
} as const satisfies Record<string, NameRule>;

// Learn "Frequently asked question about Linux Virtual Machines",
// https://learn.microsoft.com/azure/virtual-machines/linux/faq: "Usernames must be 1 - 64 characters
// in length. The following usernames are not allowed:" (same list as compute OSProfile.adminUsername).
export const RESERVED_ADMIN_USERNAMES: readonly string[] = [
  "administrator",
  "admin",
  "user",
  "user1",
  "test",
  "user2",
  "test1",
  "user3",
  "admin1",
  "1",
  "123",
  "a",
  "actuser",
  "adm",
  "admin2",
  "aspnet",
  "backup",
  "console",
  "david",
  "guest",
  "john",
  "owner",
  "root",
  "server",
  "sql",
  "support",
  "support_388945a0",
  "sys",
  "test2",
  "test3",
  "user4",
  "user5",
];

/** Why Azure would refuse name under rule, or undefined. */
export function nameProblem(rule: NameRule, name: string): string | undefined {
  const chars = [...name];
  if (chars.length < rule.min || chars.length > rule.max) {
    return `${rule.what} "${name}" is ${chars.length} characters; Azure allows ${rule.min}..${rule.max}`;
  }
  const bad = [...new Set(chars.filter((c) => !rule.chars.test(c)))];
  if (bad.length) return `${rule.what} "${name}" has ${bad.map((c) => `'${c}'`).join(", ")}; Azure allows ${rule.charsText}`;
  if (rule.first && !rule.first.test(chars[0]!)) return `${rule.what} "${name}" must start with ${rule.firstText}`;
  if (rule.last && !rule.last.test(chars.at(-1)!)) return `${rule.what} "${name}" must end with ${rule.lastText}`;
  return undefined;
}
