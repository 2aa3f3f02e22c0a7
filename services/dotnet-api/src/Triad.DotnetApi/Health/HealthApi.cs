using Microsoft.AspNetCore.Http.HttpResults;
using Triad.DotnetApi.Metrics;

namespace Triad.DotnetApi.Health;

/// <summary>The body of <c>/healthz</c> and <c>/readyz</c>.</summary>
public sealed record HealthStatus(string Status);

/// <summary>Liveness, readiness and metrics routes.</summary>
public static class HealthApi
{
    /// <summary>Maps <c>GET /healthz</c>, <c>GET /readyz</c> and <c>GET /metrics</c>.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", GetHealth);
        app.MapGet("/readyz", GetReadiness);
        app.MapGet("/metrics", GetMetricsAsync);

        return app;
    }

    /// <summary>Reports that the process runs.</summary>
    public static Ok<HealthStatus> GetHealth()
    {
        return TypedResults.Ok(new HealthStatus("ok"));
    }

    /// <summary>Reports whether the service takes requests.</summary>
    public static JsonHttpResult<HealthStatus> GetReadiness(Readiness readiness)
    {
        var body = ServiceJsonSerializerContext.Default.HealthStatus;
        return readiness.Phase switch
        {
            ReadinessPhase.Ready => TypedResults.Json(new HealthStatus("ready"), body),
            ReadinessPhase.Starting => TypedResults.Json(new HealthStatus("starting"), body, statusCode: StatusCodes.Status503ServiceUnavailable),
            _ => TypedResults.Json(new HealthStatus("draining"), body, statusCode: StatusCodes.Status503ServiceUnavailable),
        };
    }

    /// <summary>Writes the metrics in the Prometheus text format 0.0.4.</summary>
    public static async Task GetMetricsAsync(HttpContext context, ServiceMetrics metrics)
    {
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
    }
}
