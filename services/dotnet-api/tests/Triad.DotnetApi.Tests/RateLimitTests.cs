using System.Net;

namespace Triad.DotnetApi.Tests;

public sealed class RateLimitTests
{
    private static readonly Dictionary<string, string> Settings = new() { ["RATE_LIMIT_RPS"] = "0.5", ["RATE_LIMIT_BURST"] = "2" };

    [Fact]
    public async Task ApiRoute_WithinBurst_CarriesHeaders()
    {
        using var factory = new ServiceFactory(Settings);
        using var client = factory.CreateClient();

        using var first = await client.GetAsync("/api/user?user_id=a");
        using var second = await client.GetAsync("/api/user?user_id=a");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("2;w=4", Header(first, "RateLimit-Policy"));
        Assert.Equal("limit=2, remaining=1, reset=2", Header(first, "RateLimit"));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("limit=2, remaining=0, reset=4", Header(second, "RateLimit"));
    }

    [Fact]
    public async Task ApiRoute_BucketEmpty_Returns429()
    {
        using var factory = new ServiceFactory(Settings);
        using var client = factory.CreateClient();

        (await client.GetAsync("/api/user?user_id=a")).Dispose();
        (await client.GetAsync("/api/users?ids=a")).Dispose();
        using var rejected = await client.GetAsync("/api/user?user_id=a");

        await ProblemAssert.IsProblemAsync(rejected, HttpStatusCode.TooManyRequests, "rate-limited", "rate limit exceeded", "/api/user");
        Assert.Equal("2", rejected.Headers.RetryAfter?.ToString());
        Assert.Equal("2;w=4", Header(rejected, "RateLimit-Policy"));
        Assert.StartsWith("limit=2, remaining=0, reset=", Header(rejected, "RateLimit"), StringComparison.Ordinal);
        Assert.Contains("rate_limit_rejected_total 1", await client.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthRoute_IsNotGuarded()
    {
        using var factory = new ServiceFactory(Settings);
        using var client = factory.CreateClient();

        for (var attempt = 0; attempt < 4; attempt++)
        {
            using var response = await client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("RateLimit"));
        }
    }

    [Fact]
    public async Task RateLimiting_Unset_AddsNoHeaders()
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/user?user_id=a");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("RateLimit-Policy"));
    }

    private static string? Header(HttpResponseMessage response, string name)
    {
        return response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
    }
}
