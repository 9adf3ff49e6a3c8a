// The stack files every suite runs on: the shipped stacks and the test fixtures.
import { join } from "node:path";
import { buildLab } from "../../src/model/build.js";
import { readStackFile } from "../../src/config/stack-file.js";
import type { Lab } from "../../src/model/types.js";

export const FIXTURES = join(__dirname, "..", "fixtures");
export const STACKS = ["dev", "seed", "peering", join(FIXTURES, "Pulumi.3x4.yaml"), join(FIXTURES, "Pulumi.site2.yaml")];

export const labOf = (stack: string): Lab => buildLab(readStackFile(stack).lab);

export const stackLabel = (stack: string): string => readStackFile(stack).stack;
