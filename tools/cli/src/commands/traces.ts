import { checkTraceShape, fetchTrace, type ServiceShape } from '@triad/traces';
import { portsFromEnv } from '@triad/stack';
import { UsageError, type Command, type CommandContext } from '../command';

const allServices = ['ts-api', 'go-api', 'dotnet-api'];

const checkCommand: Command = {
  name: 'check',
  summary: 'Looks a trace up in Jaeger and checks its spans against the services contract.',
  usage: '<trace-id>',
  description: [
    'Polls Jaeger until every expected service has spans or the timeout passes, then checks each',
    "service's server span, the simulated-io span of each backend and the parent links between services.",
    'Exits with 1 when the trace is missing or has another shape.',
  ],
  options: {
    expect: {
      type: 'string',
      valueName: 'services',
      description: `Comma-separated services that must be in the trace (default ${allServices.join(',')}).`,
    },
    jaeger: {
      type: 'string',
      valueName: 'URL',
      description: 'Base URL of Jaeger\'s query API (default http://127.0.0.1:<TRIAD_JAEGER_QUERY_PORT or 16686>).',
    },
    timeout: { type: 'string', valueName: 'ms', description: 'How long to wait for the trace, in milliseconds (default 10000).' },
    tracestate: { type: 'string', valueName: 'value', description: 'The tracestate the caller sent; each server span must carry it.' },
    'caller-span-id': {
      type: 'string',
      valueName: 'id',
      description: "The parent id of the caller's traceparent; the root server span must name it.",
    },
  },
  run: runCheck,
};

/** `triad traces ...`: checks of traces stored in Jaeger. */
export const tracesCommand: Command = {
  name: 'traces',
  summary: 'Checks traces in Jaeger.',
  subcommands: [checkCommand],
};

async function runCheck({ positionals, options, output, env }: CommandContext): Promise<number> {
  const [traceId, ...extra] = positionals;
  if (!traceId || extra.length > 0) throw new UsageError('traces check takes exactly one trace id');
  const services = stringOption(options.expect)?.split(',').map((name) => name.trim()).filter(Boolean) ?? allServices;
  const jaegerUrl = stringOption(options.jaeger) ?? `http://127.0.0.1:${portsFromEnv(env).jaegerQuery}`;
  const timeoutMs = Number(stringOption(options.timeout) ?? 10_000);
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new UsageError(`--timeout must be milliseconds, got "${String(options.timeout)}"`);

  const trace = await fetchTrace(jaegerUrl, traceId, { timeoutMs, expectServices: services });
  const tracestate = stringOption(options.tracestate);
  const callerSpanId = stringOption(options['caller-span-id']);
  const result = checkTraceShape(trace, {
    traceId,
    services,
    ...(tracestate === undefined ? {} : { tracestate }),
    ...(callerSpanId === undefined ? {} : { callerSpanId }),
  });

  const bodyLines = result.services.map(describeService);
  if (result.ok) {
    output.success({ title: `Trace ${traceId} has the expected shape`, bodyLines });
    return 0;
  }
  output.error({
    title: result.found ? `Trace ${traceId} does not have the expected shape` : `Trace ${traceId} was not found in ${jaegerUrl}`,
    bodyLines: [...result.problems.map((problem) => `- ${problem}`), ...(bodyLines.length ? ['', ...bodyLines] : [])],
  });
  return 1;
}

function describeService(shape: ServiceShape): string {
  const server = shape.serverSpan;
  const span = server ? `${server.operationName} -> ${server.statusCode ?? '?'}` : 'no server span';
  const checks = [
    shape.simulatedIo === undefined ? undefined : `simulated-io ${shape.simulatedIo ? 'yes' : 'no'}`,
    shape.parentLinked === undefined ? undefined : `parent ${shape.parentLinked ? 'linked' : 'missing'}`,
  ].filter((check) => check !== undefined);
  return `  ${shape.service.padEnd(10)}  ${span}${checks.length ? `  (${checks.join(', ')})` : ''}`;
}

function stringOption(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
