// The process entry point (npm run lab, bin/lab.cjs): main.ts only defines the CLI, so that
// importing it runs nothing.
import { main } from "./main.js";

main(process.argv).then((c) => process.exit(c));
