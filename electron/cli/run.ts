import { main } from './main.js';

// The `ciclo` process: bin/ciclo.mjs in a checkout, and the installed app's launcher (bin/packaged/, run
// on Electron's own Node with ELECTRON_RUN_AS_NODE) both run this file, built as out/main/cli.js.
await main(process.argv.slice(2));
