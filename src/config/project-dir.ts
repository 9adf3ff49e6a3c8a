// The project's own directory, two levels up from here: from src/config/ in the sources, and from
// bin/dist/ in the CLI's bundle (bin/lab.cjs). Every path of the project's files is built from it.
// A leaf module, so that any module may read it while the others load.
import { join } from "node:path";

export const PROJECT_DIR = join(__dirname, "..", "..");
