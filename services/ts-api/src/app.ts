import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';

import { BackendClient } from './backend-client';
import type { Config } from './config';
import { parseJsonBody } from './json-body';
import { logger } from './logger';
import { rateLimitRejected, requestDuration, requestsInFlight } from './metrics';
import { handleError, pathOf, ProblemError, sendProblem } from './problems';
import { TokenBucketLimiter } from './rate-limit';
import { aggregateRoutes } from './routes/aggregate';
import { healthRoutes, type ServiceState } from './routes/health';
import { metricsRoutes } from './routes/metrics';
import { traceContextTestRoutes } from './routes/trace-context-test';
import { userRoutes } from './routes/users';
import { webhookRoutes } from './routes/webhooks';
import { recordRoute } from './telemetry';
import { createWebhookQueue } from './webhooks';

/** Maximum request body size, in bytes (1 MiB). */
export const bodyLimit = 1_048_576;

/** Maximum size of the request header section, in bytes (32 KiB). Node responds 431 beyond it. */
export const maxHeaderSize = 32_768;

/** Creates the Fastify application: plugins and hooks first, then the routes. */
export function buildApp(config: Config, state: ServiceState): FastifyInstance {
  // Typed as the subset of pino's Logger that Fastify uses, so that the
  // instance has Fastify's default type.
  const fastifyLogger: FastifyBaseLogger = logger;
  const app = Fastify({
    loggerInstance: fastifyLogger,
    // Requests are logged as `request completed` by the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
    // Keeps Fastify's own log lines free of a per-request binding, which
    // would come before `level` and `msg`.
    childLoggerFactory: (parent) => parent,
    bodyLimit,
    http: { maxHeaderSize },
  });

  registerJsonParser(app);
  app.addHook('onRequest', recordRoute);
  registerMetricsHooks(app);
  if (config.rateLimit !== undefined) {
    registerRateLimit(app, new TokenBucketLimiter(config.rateLimit.rps, config.rateLimit.burst));
  }
  app.setErrorHandler(handleError);
  registerNotFoundHandler(app);

  const queue = createWebhookQueue(config.webhookWorkers, config.webhookQueue, config.simulatedIoMs);
  const backends = [
    new BackendClient('go-api', config.goApiUrl, config.aggregateTimeoutMs),
    new BackendClient('dotnet-api', config.dotnetApiUrl, config.aggregateTimeoutMs),
  ];
  // #region drain-on-close
  // Fastify runs onClose after the listener has closed and in-flight requests have finished.
  app.addHook('onClose', async () => {
    await queue.drain();
    await Promise.all(backends.map((backend) => backend.close()));
  });
  // #endregion drain-on-close

  app.register(healthRoutes, { state });
  app.register(metricsRoutes);
  app.register(userRoutes, { simulatedIoMs: config.simulatedIoMs, fanoutLimit: config.fanoutLimit });
  app.register(aggregateRoutes, { backends });
  app.register(webhookRoutes, { queue, state });
  if (config.traceContextTestEndpoint) {
    app.register(traceContextTestRoutes);
  }
  return app;
}

function registerJsonParser(app: FastifyInstance): void {
  // Only JSON bodies are accepted; every other content type gets 415 from Fastify.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

function registerMetricsHooks(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    requestsInFlight.inc();
    // 'close' also fires when the client disconnects before the response is written.
    reply.raw.once('close', () => { requestsInFlight.dec(); });
    done();
  });

  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const statusCode = reply.statusCode;
    requestDuration.observe(
      { method: request.method, route, status_code: String(statusCode) },
      reply.elapsedTime / 1000,
    );
    logger.debug(
      { method: request.method, route, status_code: statusCode, duration_ms: reply.elapsedTime },
      'request completed',
    );
    done();
  });
}

function registerRateLimit(app: FastifyInstance, limiter: TokenBucketLimiter): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (!request.url.startsWith('/api/')) {
      done();
      return;
    }
    const decision = limiter.take(request.ip);
    reply.header('ratelimit-policy', limiter.policy);
    reply.header(
      'ratelimit',
      `limit=${decision.limit}, remaining=${decision.remaining}, reset=${decision.resetSeconds}`,
    );
    if (!decision.allowed) {
      rateLimitRejected.inc();
      done(
        new ProblemError('rate-limited', 'rate limit exceeded', {
          'retry-after': String(decision.retryAfterSeconds),
        }),
      );
      return;
    }
    done();
  });
}

function registerNotFoundHandler(app: FastifyInstance): void {
  const methodsByPath = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const methods = methodsByPath.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) {
      methods.add(method);
    }
    methodsByPath.set(route.url, methods);
  });

  // Fastify responds 404 to an unknown method on a known path too. The route
  // table tells the two apart, so that the latter gets 405 (RFC 9110 section 15.5.6).
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = pathOf(request.url);
    const allowed = methodsByPath.get(path);
    if (allowed === undefined) {
      return sendProblem(request, reply, new ProblemError('not-found', `no route for ${request.method} ${path}`));
    }
    const allow = [...allowed].sort().join(', ');
    return sendProblem(
      request,
      reply,
      new ProblemError('method-not-allowed', `${request.method} is not allowed on ${path}`, { allow }),
    );
  });
}
