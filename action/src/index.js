// @ts-check
// The Action's entry point (`runs.main` is its bundle, dist/index.js). Started by the runner, it
// runs once and fails the step with the error's text when the run could not be judged; imported
// (by a test), it only hands `main` over.

import * as actions from "@actions/core";
import fs from "node:fs";
import { main } from "./main.js";

export { main };

// Only the bundle runs (CommonJS, where `__filename` is the bundle itself).
if (typeof __filename === "string" && process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(__filename)) {
  main().catch((e) => actions.setFailed(e.message));
}
