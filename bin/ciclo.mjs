#!/usr/bin/env node
// The `ciclo` command line. Runs the TypeScript sources through tsx, so it is always in step with the code.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
await main(process.argv.slice(2));
