// `node --import ./register.mjs out/main/index.js`: every `import 'electron'` gets the stand-in below.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
