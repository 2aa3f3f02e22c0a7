#!/usr/bin/env node
// The `triad` command. The code lives in dist/, built by `nx run cli:build`.
'use strict';

const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'main.js');
if (!existsSync(entry)) {
  console.error(`triad is not built: ${entry} is missing. Run \`npx nx run cli:build\` first.`);
  process.exit(1);
}

require(entry)
  .main(process.argv.slice(2))
  .then((exitCode) => {
    process.exitCode = exitCode;
  });
