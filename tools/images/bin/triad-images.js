#!/usr/bin/env node
// Entry of the Nx `image` targets: `triad images` without the rest of the CLI.
'use strict';

const { runImagesCommand } = require('../dist/command.js');

runImagesCommand(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
