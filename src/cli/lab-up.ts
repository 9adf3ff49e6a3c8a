// "Is the lab up": the check of every verb that needs the running lab (kept apart from options.ts so
// that the verbs that need no lab load no emulation code).
import { status, StateError } from "../emu/lifecycle.js";

/** A verb that needs the running lab: StateError (exit 2) saying how to start it. */
export function requireUp(stack: string): void {
  const s = status(stack);
  if (s.state !== "up") throw new StateError(`lab "${stack}" is not up (state: ${s.state}); run \`up --stack ${stack}\` first`);
}
