using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Triad.DotnetApi.Health;
using Triad.DotnetApi.Metrics;
using Triad.DotnetApi.Problems;

namespace Triad.DotnetApi.Webhooks;

/// <summary>The body of a 202 response to <c>POST /webhooks</c>.</summary>
public sealed record WebhookAccepted(bool Accepted, string EventType);

/// <summary>The webhook intake route.</summary>
public static class WebhooksApi
{
    /// <summary>The maximum length, in characters, of the event type and of the source header.</summary>
    public const int MaxFieldLength = 128;

    /// <summary>Maps <c>POST /webhooks</c>.</summary>
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks", PostWebhookAsync);

        return app;
    }

    /// <summary>
    /// Validates a webhook event and queues it for the workers. The checks run in the contract's
    /// order: media type, size, JSON syntax and depth, event shape, then queue capacity.
    /// </summary>
    public static async Task<Results<Accepted<WebhookAccepted>, ProblemHttpResult>> PostWebhookAsync(
        HttpContext context, WebhookQueue queue, Readiness readiness, ServiceMetrics metrics)
    {
        if (!JsonBody.IsJsonContentType(context.Request.ContentType))
        {
            return ProblemResults.Create(context, ProblemType.UnsupportedMediaType, "Content-Type must be application/json");
        }

        var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            return ProblemResults.Create(context, ProblemType.PayloadTooLarge, $"request body exceeds {JsonBody.MaxBytes} bytes");
        }

        var (document, error) = JsonBody.Parse(body);
        if (document is null)
        {
            var detail = error == JsonBodyError.TooDeep
                ? $"request body is nested deeper than {JsonBody.MaxDepth} levels"
                : "request body is not valid JSON";
            return ProblemResults.Create(context, ProblemType.InvalidJson, detail);
        }

        using (document)
        {
            var (webhookEvent, invalidDetail) = ReadEvent(context, document.RootElement);
            if (webhookEvent is null)
            {
                return ProblemResults.Create(context, ProblemType.InvalidWebhook, invalidDetail!);
            }

            return Enqueue(context, webhookEvent, queue, readiness, metrics);
        }
    }

    private static (WebhookEvent? Event, string? Detail) ReadEvent(HttpContext context, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, "webhook event must be a JSON object");
        }

        if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || !HasLength(type.GetString()!, 1, MaxFieldLength))
        {
            return (null, $"type must be a string of 1 to {MaxFieldLength} characters");
        }

        var source = context.Request.Headers["X-Webhook-Source"].ToString();
        if (!HasLength(source, 0, MaxFieldLength))
        {
            return (null, $"X-Webhook-Source must be at most {MaxFieldLength} characters");
        }

        var parent = Activity.Current?.Context ?? default;
        return (new WebhookEvent(type.GetString()!, source.Length == 0 ? "unknown" : source, parent), null);
    }

    // Characters are Unicode scalar values, so an emoji counts once, as in the Go and TypeScript services.
    private static bool HasLength(string value, int min, int max)
    {
        var length = value.EnumerateRunes().Count();
        return length >= min && length <= max;
    }

    private static Results<Accepted<WebhookAccepted>, ProblemHttpResult> Enqueue(
        HttpContext context, WebhookEvent webhookEvent, WebhookQueue queue, Readiness readiness, ServiceMetrics metrics)
    {
        if (queue.Count >= queue.Capacity)
        {
            return Reject(context, metrics, ProblemType.QueueFull, "queue_full", "webhook queue is full");
        }

        // A queue closed by shutdown also refuses the event, so a failed write while draining is a drain rejection.
        if (readiness.IsDraining)
        {
            return Reject(context, metrics, ProblemType.Draining, "draining", "service is shutting down");
        }

        if (!queue.TryEnqueue(webhookEvent))
        {
            return readiness.IsDraining
                ? Reject(context, metrics, ProblemType.Draining, "draining", "service is shutting down")
                : Reject(context, metrics, ProblemType.QueueFull, "queue_full", "webhook queue is full");
        }

        metrics.WebhooksAccepted.Inc();
        return TypedResults.Accepted((string?)null, new WebhookAccepted(true, webhookEvent.EventType));
    }

    private static ProblemHttpResult Reject(HttpContext context, ServiceMetrics metrics, ProblemType type, string reason, string detail)
    {
        metrics.WebhooksRejected.WithLabels(reason).Inc();
        context.Response.Headers.RetryAfter = "1";
        return ProblemResults.Create(context, type, detail);
    }
}
