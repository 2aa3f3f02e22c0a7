using Microsoft.Extensions.Configuration;

namespace Triad.DotnetApi.Tests;

public sealed class ServiceSettingsTests
{
    [Fact]
    public void Load_Unset_UsesContractDefaults()
    {
        var settings = ServiceSettings.Load(Configuration([]));

        Assert.Equal("127.0.0.1", settings.Host);
        Assert.Equal(8082, settings.Port);
        Assert.Equal(50, settings.SimulatedIoMs);
        Assert.Equal(100, settings.FanoutLimit);
        Assert.Equal(4, settings.WebhookWorkers);
        Assert.Equal(1000, settings.WebhookQueue);
        Assert.Null(settings.RateLimitRps);
        Assert.False(settings.TraceContextTestEndpoint);
        Assert.Equal(0, settings.ShutdownDelayMs);
        Assert.Equal(10_000, settings.ShutdownTimeoutMs);
        Assert.Equal(LogLevel.Information, settings.LogLevel);
        Assert.True(settings.TracingEnabled);
    }

    [Fact]
    public void Load_RateLimitWithoutBurst_RoundsRateUp()
    {
        var settings = ServiceSettings.Load(Configuration(new() { ["RATE_LIMIT_RPS"] = "2.5" }));

        Assert.Equal(2.5, settings.RateLimitRps);
        Assert.Equal(3, settings.RateLimitBurst);
    }

    [Theory]
    [InlineData("PORT", "abc")]
    [InlineData("PORT", "65536")]
    [InlineData("PORT", "-1")]
    [InlineData("SIMULATED_IO_MS", "60001")]
    [InlineData("FANOUT_LIMIT", "0")]
    [InlineData("WEBHOOK_QUEUE", "1e3")]
    [InlineData("RATE_LIMIT_RPS", "fast")]
    [InlineData("RATE_LIMIT_BURST", "0")]
    [InlineData("TRACE_CONTEXT_TEST_ENDPOINT", "yes")]
    [InlineData("LOG_LEVEL", "verbose")]
    [InlineData("HOST", "example host")]
    public void Load_InvalidValue_NamesVariableAndValue(string name, string value)
    {
        var exception = Assert.Throws<InvalidSettingException>(() => ServiceSettings.Load(Configuration(new() { [name] = value })));

        Assert.Equal(name, exception.Name);
        Assert.StartsWith($"invalid {name}={value}: expected ", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', exception.Message);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values)
    {
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
