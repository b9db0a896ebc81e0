// @ts-check
// How V8 compiles the core, set before the core is loaded (core.js imports this first).
//
// V8 runs wasm in its baseline compiler (Liftoff) and recompiles a function with its optimising
// compiler (TurboFan), in the background, once the function has run through a budget of code.
// A process waits at exit for the recompilations under way, and the core's largest functions take
// long to optimise: at node 24's default budget (13,000,000) a one-check gate spent more than half
// its time waiting for optimised code it would never run. A larger budget optimises only code
// that is really hot. Through this bundle under node 24 on 2 cores (medians of 5): a row-count
// gate 0.43 s → 0.18 s, the quickstart 0.53 s → 0.49 s, the 1M-row benchmark gate 1.03 s → 0.95 s;
// 400,000,000 was slower on both of the last two.

import v8 from "node:v8";

v8.setFlagsFromString("--wasm-tiering-budget=100000000");
