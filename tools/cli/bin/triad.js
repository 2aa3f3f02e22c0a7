#!/usr/bin/env node
// The `triad` command. The code lives in dist/, built by `nx run cli:build`;
// a fresh checkout has no dist/ yet, so the first run builds it.
'use strict';

const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const workspaceRoot = join(__dirname, '..', '..', '..');
const entry = join(__dirname, '..', 'dist', 'main.js');

if (!existsSync(entry)) {
  console.error('triad: first run, building the command (npx nx run cli:build)');
  const build = spawnSync('npx', ['nx', 'run', 'cli:build', '--output-style=static'], {
    cwd: workspaceRoot,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (build.status !== 0 || !existsSync(entry)) {
    console.error(`triad: the build failed; run \`npx nx run cli:build\` in ${workspaceRoot} to see why`);
    process.exit(1);
  }
}

require(entry)
  .main(process.argv.slice(2))
  .then((exitCode) => {
    process.exitCode = exitCode;
  });
