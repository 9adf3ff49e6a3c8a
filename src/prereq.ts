// The host lacks something a command needs (root, a Debian tool): the CLI's exit code 3. Apart from
// src/emu so that commands that run no emulation (graph's `dot`) say so without loading it.
export class PrereqError extends Error {
  override name = "PrereqError";
}
