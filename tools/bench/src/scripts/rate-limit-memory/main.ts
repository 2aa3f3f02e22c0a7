#!/usr/bin/env node
import { runRateLimitMemoryCommand } from './command';

void runRateLimitMemoryCommand(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
