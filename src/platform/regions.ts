// The regions of Azure's public cloud, by display name and programmatic name: what lab.location and
// azure-native:location may name, and the list the ErGwScale exclusions (gateway-skus.ts) are drawn from.
//
// Source: Learn "Azure regions list", https://learn.microsoft.com/azure/reliability/regions-list
// (MicrosoftDocs/reliability-docs articles/reliability/regions-list.md, ms.date 09/23/2025; read
// 2026-12-05): every row of its "All" table, "Region" and "Programmatic name" columns, written by hand.
// Left out: Denmark East, which the table marks "Region coming soon". Added: Sweden South, which the
// table names only as Sweden Central's paired region (restricted access), not as a row of its own; its
// programmatic name is the display name normalised as Azure normalises every other one (regionKey).
// Not here: sovereign clouds (Azure Government, Azure operated by 21Vianet), which the page does not
// list. `az account list-locations` gives a subscription's own list.

export const AZURE_REGIONS = [
  ["Australia Central", "australiacentral"],
  ["Australia Central 2", "australiacentral2"],
  ["Australia East", "australiaeast"],
  ["Australia Southeast", "australiasoutheast"],
  ["Austria East", "austriaeast"],
  ["Belgium Central", "belgiumcentral"],
  ["Brazil South", "brazilsouth"],
  ["Brazil Southeast", "brazilsoutheast"],
  ["Canada Central", "canadacentral"],
  ["Canada East", "canadaeast"],
  ["Central India", "centralindia"],
  ["Central US", "centralus"],
  ["Chile Central", "chilecentral"],
  ["East Asia", "eastasia"],
  ["East US", "eastus"],
  ["East US 2", "eastus2"],
  ["France Central", "francecentral"],
  ["France South", "francesouth"],
  ["Germany North", "germanynorth"],
  ["Germany West Central", "germanywestcentral"],
  ["Indonesia Central", "indonesiacentral"],
  ["Israel Central", "israelcentral"],
  ["Italy North", "italynorth"],
  ["Japan East", "japaneast"],
  ["Japan West", "japanwest"],
  ["Korea Central", "koreacentral"],
  ["Korea South", "koreasouth"],
  ["Malaysia West", "malaysiawest"],
  ["Mexico Central", "mexicocentral"],
  ["New Zealand North", "newzealandnorth"],
  ["North Central US", "northcentralus"],
  ["North Europe", "northeurope"],
  ["Norway East", "norwayeast"],
  ["Norway West", "norwaywest"],
  ["Poland Central", "polandcentral"],
  ["Qatar Central", "qatarcentral"],
  ["South Africa North", "southafricanorth"],
  ["South Africa West", "southafricawest"],
  ["South Central US", "southcentralus"],
  ["South India", "southindia"],
  ["Southeast Asia", "southeastasia"],
  ["Spain Central", "spaincentral"],
  ["Sweden Central", "swedencentral"],
  ["Sweden South", "swedensouth"],
  ["Switzerland North", "switzerlandnorth"],
  ["Switzerland West", "switzerlandwest"],
  ["UAE Central", "uaecentral"],
  ["UAE North", "uaenorth"],
  ["UK South", "uksouth"],
  ["UK West", "ukwest"],
  ["West Central US", "westcentralus"],
  ["West Europe", "westeurope"],
  ["West India", "westindia"],
  ["West US", "westus"],
  ["West US 2", "westus2"],
  ["West US 3", "westus3"],
] as const;

export type RegionName = (typeof AZURE_REGIONS)[number][0];

/** Where Azure's region list is published (config messages). */
export const REGIONS_SOURCE = "https://learn.microsoft.com/azure/reliability/regions-list";

/** "Japan East", "japaneast" and "JAPAN EAST" are one region. */
export const regionKey = (region: string): string => region.toLowerCase().replace(/\s+/g, "");

/** The region's display and programmatic names, however it is spelled, or undefined if Azure has no such region. */
export function findRegion(region: string): { readonly display: RegionName; readonly name: string } | undefined {
  const r = AZURE_REGIONS.find(([, name]) => name === regionKey(region));
  return r && { display: r[0], name: r[1] };
}
