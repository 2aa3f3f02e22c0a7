using System.Net;

namespace Triad.DotnetApi.Tests;

public sealed class HealthApiTests
{
    private static readonly string[] ContractMetrics =
    [
        "http_server_request_duration_seconds_bucket{method=\"GET\",route=\"/api/user\",status_code=\"200\",le=",
        "http_server_requests_in_flight ",
        "process_resident_memory_bytes ",
        "webhook_events_accepted_total ",
        "webhook_events_processed_total ",
        "webhook_events_rejected_total{reason=\"queue_full\"} ",
        "webhook_events_rejected_total{reason=\"draining\"} ",
        "webhook_queue_depth ",
        "rate_limit_rejected_total ",
        "telemetry_spans_dropped_total ",
        "dotnet_threadpool_threads ",
        "dotnet_threadpool_queue_length ",
    ];

    [Theory]
    [InlineData("/healthz", """{"status":"ok"}""")]
    [InlineData("/readyz", """{"status":"ready"}""")]
    public async Task HealthRoute_Running_ReturnsStatus(string path, string expected)
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_ListsContractNames()
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();
        (await client.GetAsync("/api/user?user_id=a")).Dispose();

        using var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain; version=0.0.4", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.All(ContractMetrics, name => Assert.Contains(name, text, StringComparison.Ordinal));
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_UnknownRoute_IsLabelledUnmatched()
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();
        (await client.GetAsync("/nowhere")).Dispose();

        var text = await client.GetStringAsync("/metrics");

        Assert.Contains("http_server_request_duration_seconds_count{method=\"GET\",route=\"unmatched\",status_code=\"404\"} 1", text, StringComparison.Ordinal);
    }
}
