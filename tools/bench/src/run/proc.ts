import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let clockTicks: number | undefined;

// Clock ticks per second, the unit of the CPU times in /proc/<pid>/stat (100 on common Linux builds).
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** Returns the CPU time (user plus system) a process has used, in seconds, or undefined when it is gone. */
export function processCpuSeconds(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces; the fields after it start past its ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  return (userTicks + systemTicks) / ticksPerSecond();
}

/** Measures the CPU used by this process (all its threads) and by a service between start and stop. */
export class CpuMeter {
  private readonly startedAt = process.hrtime.bigint();
  private readonly generatorStart = process.cpuUsage();
  private readonly serviceStart: number | undefined;

  constructor(private readonly servicePid: number) {
    this.serviceStart = processCpuSeconds(servicePid);
  }

  /** Returns each side's CPU as a share of one core, in percent, and the service's CPU time in seconds. */
  stop(): { generator_percent: number; service_percent?: number; service_seconds?: number } {
    const wallSeconds = Number(process.hrtime.bigint() - this.startedAt) / 1e9;
    const generator = process.cpuUsage(this.generatorStart);
    const generatorSeconds = (generator.user + generator.system) / 1e6;
    const result: { generator_percent: number; service_percent?: number; service_seconds?: number } = {
      generator_percent: round1((generatorSeconds / wallSeconds) * 100),
    };
    const serviceEnd = processCpuSeconds(this.servicePid);
    if (this.serviceStart !== undefined && serviceEnd !== undefined) {
      const serviceSeconds = serviceEnd - this.serviceStart;
      result.service_percent = round1((serviceSeconds / wallSeconds) * 100);
      result.service_seconds = Math.round(serviceSeconds * 100) / 100;
    }
    return result;
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
