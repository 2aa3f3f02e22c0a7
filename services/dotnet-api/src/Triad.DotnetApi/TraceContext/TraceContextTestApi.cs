using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Triad.DotnetApi.Problems;
using Triad.DotnetApi.Webhooks;

namespace Triad.DotnetApi.TraceContext;

/// <summary>One call that the W3C Trace Context test harness requests from the service.</summary>
public sealed record TraceContextTestCall(Uri Url, string ArgumentsJson);

/// <summary>
/// The <c>POST /test</c> route of the W3C Trace Context conformance suite: it calls each listed
/// URL with the current trace context, so the harness can check what the service propagates.
/// </summary>
public static partial class TraceContextTestApi
{
    /// <summary>The name of the HTTP client that makes the calls.</summary>
    public const string HttpClientName = "trace-context-test";

    private const string InvalidShapeDetail = "request body must be a JSON array of {url, arguments}";

    /// <summary>Maps <c>POST /test</c> when <c>TRACE_CONTEXT_TEST_ENDPOINT=1</c>; otherwise the route stays unknown.</summary>
    public static IEndpointRouteBuilder MapTraceContextTestApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ServiceProvider.GetRequiredService<ServiceSettings>().TraceContextTestEndpoint)
        {
            return app;
        }

        app.MapPost("/test", PostTestAsync);

        return app;
    }

    /// <summary>Calls every listed URL in order; a failed call is logged and the others still run.</summary>
    public static async Task<Results<Ok, ProblemHttpResult>> PostTestAsync(
        HttpContext context, IHttpClientFactory httpClientFactory, ILoggerFactory loggerFactory)
    {
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

        List<TraceContextTestCall>? calls;
        string? invalidDetail;
        using (document)
        {
            (calls, invalidDetail) = ReadCalls(document.RootElement);
        }

        if (calls is null)
        {
            return ProblemResults.Create(context, ProblemType.InvalidParameter, invalidDetail!);
        }

        var client = httpClientFactory.CreateClient(HttpClientName);
        var logger = loggerFactory.CreateLogger(typeof(TraceContextTestApi));
        foreach (var call in calls)
        {
            await SendAsync(client, call, logger, context.RequestAborted);
        }

        return TypedResults.Ok();
    }

    private static (List<TraceContextTestCall>? Calls, string? Detail) ReadCalls(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            return (null, InvalidShapeDetail);
        }

        var calls = new List<TraceContextTestCall>();
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("arguments", out var arguments) || arguments.ValueKind != JsonValueKind.Array)
            {
                return (null, InvalidShapeDetail);
            }

            if (!Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return (null, "url must be an absolute http or https URL");
            }

            calls.Add(new TraceContextTestCall(uri, arguments.GetRawText()));
        }

        return (calls, null);
    }

    // The HttpClient instrumentation starts a client span for the call and injects its context.
    private static async Task SendAsync(HttpClient client, TraceContextTestCall call, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new StringContent(call.ArgumentsJson, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(call.Url, content, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogCallFailed(logger, call.Url.ToString(), $"status {(int)response.StatusCode}");
            }
        }
        catch (HttpRequestException exception)
        {
            LogCallFailed(logger, call.Url.ToString(), exception.Message);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogCallFailed(logger, call.Url.ToString(), exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "trace context test call failed: {Url} {Error}")]
    private static partial void LogCallFailed(ILogger logger, string url, string error);
}
