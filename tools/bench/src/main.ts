#!/usr/bin/env node
import { runBenchCommand } from './run/command';

void runBenchCommand(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
