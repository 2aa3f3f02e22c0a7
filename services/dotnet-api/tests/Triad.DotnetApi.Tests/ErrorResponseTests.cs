using System.Net;
using System.Text.Json;

namespace Triad.DotnetApi.Tests;

public sealed class ErrorResponseTests
{
    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();

        using var response = await client.DeleteAsync("/no/such/route?x=1");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not-found", "no route for DELETE /no/such/route", "/no/such/route");
        Assert.Equal("Not found", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task WrongMethod_Returns405ProblemWithAllow()
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/user?user_id=a", null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed", "POST is not allowed on /api/user", "/api/user");
        Assert.Equal(["GET"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task TestRoute_Disabled_Returns404Problem()
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/test", new StringContent("[]"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not-found", "no route for POST /test", "/test");
    }

    [Fact]
    public async Task UnhandledException_Returns500WithoutCause()
    {
        using var factory = new ServiceFactory(configureServices: services => services.AddSingleton<TimeProvider>(new FailingTimeProvider()));
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/user?user_id=a");

        var body = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError, "internal", "an internal error occurred", "/api/user");
        Assert.DoesNotContain(FailingTimeProvider.Secret, body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tracing_On_ProblemCarriesIncomingTraceId()
    {
        var settings = new Dictionary<string, string>
        {
            ["OTEL_SDK_DISABLED"] = "false",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
        };
        using var factory = new ServiceFactory(settings);
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/user");
        request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        using var response = await client.SendAsync(request);

        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", body.GetProperty("trace_id").GetString());
    }

    private sealed class FailingTimeProvider : TimeProvider
    {
        public const string Secret = "database password rejected";

        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException(Secret);
    }
}
