import { buildWeb, webRoot } from './index.js';

await buildWeb();
console.log(`built the web client into ${webRoot}/dist`);
