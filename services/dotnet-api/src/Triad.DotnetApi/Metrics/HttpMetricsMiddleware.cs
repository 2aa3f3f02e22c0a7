using System.Diagnostics;
using System.Globalization;

namespace Triad.DotnetApi.Metrics;

/// <summary>
/// Records the duration and count of every request under its route template, and logs
/// <c>request completed</c> at debug level.
/// </summary>
public sealed partial class HttpMetricsMiddleware(RequestDelegate next, ServiceMetrics metrics, ILogger<HttpMetricsMiddleware> logger)
{
    /// <summary>The route label of a request that matched no route.</summary>
    public const string UnmatchedRoute = "unmatched";

    /// <summary>Serves the request and records it.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var startTimestamp = Stopwatch.GetTimestamp();
        metrics.RequestsInFlight.Inc();
        try
        {
            await next(context);
        }
        finally
        {
            metrics.RequestsInFlight.Dec();
            Record(context, Stopwatch.GetElapsedTime(startTimestamp));
        }
    }

    private void Record(HttpContext context, TimeSpan duration)
    {
        var method = context.Request.Method;
        var route = RouteOf(context);
        var statusCode = context.Response.StatusCode;

        var statusLabel = statusCode.ToString(CultureInfo.InvariantCulture);
        metrics.RequestDuration.WithLabels(method, route, statusLabel).Observe(duration.TotalSeconds);

        if (logger.IsEnabled(LogLevel.Debug))
        {
            var durationMs = Math.Round(duration.TotalMilliseconds, 3);
            LogRequestCompleted(logger, method, route, statusCode, durationMs);
        }
    }

    /// <summary>Returns the route template of the endpoint that served the request, or <see cref="UnmatchedRoute"/>.</summary>
    public static string RouteOf(HttpContext context)
    {
        return context.GetEndpoint() is RouteEndpoint endpoint && endpoint.RoutePattern.RawText is { } template
            ? template
            : UnmatchedRoute;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "request completed: {Method} {Route} {StatusCode} in {DurationMs} ms")]
    private static partial void LogRequestCompleted(ILogger logger, string method, string route, int statusCode, double durationMs);
}
