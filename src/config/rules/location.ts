// The region: lab.location (and azure-native:location, judged by the same function where the stack's
// settings are judged) must be a region Azure has (src/platform/regions.ts, Learn's region list),
// written either way ("Japan East" or "japaneast"); a near miss names the region it was probably meant to be.
import { nearest } from "../../nearest.js";
import { AZURE_REGIONS, findRegion, regionKey, REGIONS_SOURCE } from "../../platform/regions.js";
import { problemList, type Problem } from "../problems.js";

const NAMES = AZURE_REGIONS.map(([, name]) => name);

/** `key` is where the region was written: "location" in the lab, or a stack config key. */
export function checkLocation(region: string, key: string): Problem[] {
  const { problems, add } = problemList();
  if (findRegion(region)) return problems;
  const near = nearest(region, NAMES, regionKey);
  const r = near && findRegion(near);
  add(key, `"${region}" is not an Azure region${r ? `; did you mean ${r.name} (${r.display})?` : ""} (the list: ${REGIONS_SOURCE})`);
  return problems;
}
