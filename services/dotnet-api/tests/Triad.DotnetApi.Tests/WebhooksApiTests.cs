using System.Net;
using System.Text;
using System.Text.Json;

namespace Triad.DotnetApi.Tests;

public sealed class WebhooksApiTests
{
    private const int MaxBytes = 1024 * 1024;

    [Fact]
    public async Task PostWebhook_ValidEvent_IsAccepted()
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/webhooks", Json("""{"type":"user.created"}""", "application/json; charset=UTF-8"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("""{"accepted":true,"event_type":"user.created"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/jsonx")]
    [InlineData("application/problem+json")]
    public async Task PostWebhook_NotJsonContentType_Returns415(string? contentType)
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"type":"a"}"""));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await client.PostAsync("/webhooks", content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "Content-Type must be application/json", "/webhooks");
    }

    [Fact]
    public async Task PostWebhook_ExactlyOneMebibyte_IsAccepted()
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/webhooks", Json(EventOfSize(MaxBytes)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task PostWebhook_OneByteOverLimit_Returns413()
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/webhooks", Json(EventOfSize(MaxBytes + 1)));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large", "request body exceeds 1048576 bytes", "/webhooks");
    }

    [Fact]
    public async Task PostWebhook_ChunkedBodyOverLimit_Returns413()
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(EventOfSize(MaxBytes + 1))));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large", "request body exceeds 1048576 bytes", "/webhooks");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("""{"type":"a"} x""")]
    [InlineData("""{'type':'a'}""")]
    public async Task PostWebhook_NotJson_Returns400(string body)
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/webhooks", Json(body));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-json", "request body is not valid JSON", "/webhooks");
    }

    [Fact]
    public async Task PostWebhook_Nesting64Levels_IsAccepted()
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/webhooks", Json(NestedEvent(64)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task PostWebhook_Nesting65Levels_Returns400()
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/webhooks", Json(NestedEvent(65)));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-json", "request body is nested deeper than 64 levels", "/webhooks");
    }

    [Theory]
    [InlineData("[]", "webhook event must be a JSON object")]
    [InlineData("\"user.created\"", "webhook event must be a JSON object")]
    [InlineData("{}", "type must be a string of 1 to 128 characters")]
    [InlineData("""{"type":1}""", "type must be a string of 1 to 128 characters")]
    [InlineData("""{"type":null}""", "type must be a string of 1 to 128 characters")]
    [InlineData("""{"type":""}""", "type must be a string of 1 to 128 characters")]
    public async Task PostWebhook_InvalidEvent_Returns422(string body, string detail)
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/webhooks", Json(body));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "invalid-webhook", detail, "/webhooks");
    }

    [Theory]
    [InlineData(128, HttpStatusCode.Accepted)]
    [InlineData(129, HttpStatusCode.UnprocessableEntity)]
    public async Task PostWebhook_TypeLength_IsLimitedTo128(int length, HttpStatusCode expected)
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();

        // Each emoji is one character but two UTF-16 code units.
        var type = string.Concat(Enumerable.Repeat("\U0001F600", length));
        using var response = await client.PostAsync("/webhooks", Json(JsonSerializer.Serialize(new { type })));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task PostWebhook_LongSourceHeader_Returns422()
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks") { Content = Json("""{"type":"a"}""") };
        request.Headers.Add("X-Webhook-Source", new string('s', 129));

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "invalid-webhook", "X-Webhook-Source must be at most 128 characters", "/webhooks");
    }

    [Fact]
    public async Task PostWebhook_FullQueue_Returns503WithRetryAfter()
    {
        var settings = new Dictionary<string, string>
        {
            ["WEBHOOK_QUEUE"] = "2",
            ["WEBHOOK_WORKERS"] = "1",
            ["SIMULATED_IO_MS"] = "5000",
            ["SHUTDOWN_TIMEOUT_MS"] = "0",
        };
        using var factory = new ServiceFactory(settings);
        using var client = factory.CreateClient();

        // One worker takes at most one event, so the queue of two is full by the fourth event at the latest.
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var attempt = 0; attempt < 4 && rejected is null; attempt++)
        {
            var response = await client.PostAsync("/webhooks", Json("""{"type":"a"}"""));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                response.Dispose();
                continue;
            }

            rejected = response;
        }

        Assert.NotNull(rejected);
        Assert.InRange(statuses.Count(status => status == HttpStatusCode.Accepted), 2, 3);
        Assert.Equal("1", rejected.Headers.RetryAfter?.ToString());
        await ProblemAssert.IsProblemAsync(rejected, HttpStatusCode.ServiceUnavailable, "queue-full", "webhook queue is full", "/webhooks");
        rejected.Dispose();

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("webhook_events_rejected_total{reason=\"queue_full\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("webhook_queue_depth 2", metrics, StringComparison.Ordinal);
    }

    private static StringContent Json(string body, string contentType = "application/json")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static string EventOfSize(int bytes)
    {
        const string Prefix = """{"type":"a","padding":" """;
        const string Suffix = "\"}";
        var prefix = Prefix.TrimEnd();
        return prefix + new string('x', bytes - prefix.Length - Suffix.Length) + Suffix;
    }

    // The event object is level 1, so levels - 1 arrays nest inside it.
    private static string NestedEvent(int levels)
    {
        return """{"type":"a","nested":""" + new string('[', levels - 1) + new string(']', levels - 1) + "}";
    }
}
