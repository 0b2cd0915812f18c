// Prints the e2e configuration as shell assignments, so `next build` sees what `next start` will.
import { e2eEnv } from "../e2e/env";

for (const [key, value] of Object.entries(e2eEnv)) console.log(`export ${key}='${value}'`);
