using System.Globalization;
using System.Net;

namespace Triad.DotnetApi;

/// <summary>
/// Service configuration read from the environment variables of the shared contract, so the
/// three services of triad can be started with the same settings.
/// </summary>
public sealed record ServiceSettings(
    string Host,
    int Port,
    int SimulatedIoMs,
    int FanoutLimit,
    int WebhookWorkers,
    int WebhookQueue,
    double? RateLimitRps,
    int RateLimitBurst,
    bool TraceContextTestEndpoint,
    int ShutdownDelayMs,
    int ShutdownTimeoutMs,
    LogLevel LogLevel,
    bool TracingEnabled)
{
    /// <summary>The service name used in logs, metrics and as the default OpenTelemetry service name.</summary>
    public const string ServiceName = "dotnet-api";

    /// <summary>The port used when <c>PORT</c> is unset.</summary>
    public const int DefaultPort = 8082;

    #region load
    /// <summary>
    /// Reads the settings from <paramref name="configuration"/>, where unprefixed environment
    /// variables appear under their own names.
    /// </summary>
    /// <exception cref="InvalidSettingException">A value is not a number or is out of range.</exception>
    public static ServiceSettings Load(IConfiguration configuration)
    {
        var rateLimitRps = ReadOptionalDouble(configuration, "RATE_LIMIT_RPS", 0.001, 1_000_000);
        var defaultBurst = rateLimitRps is { } rps ? (int)Math.Ceiling(rps) : 1;

        return new ServiceSettings(
            Host: ReadHost(configuration),
            Port: ReadInt(configuration, "PORT", DefaultPort, 0, 65535),
            SimulatedIoMs: ReadInt(configuration, "SIMULATED_IO_MS", 50, 0, 60_000),
            FanoutLimit: ReadInt(configuration, "FANOUT_LIMIT", 100, 1, 10_000),
            WebhookWorkers: ReadInt(configuration, "WEBHOOK_WORKERS", 4, 1, 1_000),
            WebhookQueue: ReadInt(configuration, "WEBHOOK_QUEUE", 1000, 1, 1_000_000),
            RateLimitRps: rateLimitRps,
            RateLimitBurst: ReadInt(configuration, "RATE_LIMIT_BURST", defaultBurst, 1, 1_000_000),
            TraceContextTestEndpoint: ReadFlag(configuration, "TRACE_CONTEXT_TEST_ENDPOINT"),
            ShutdownDelayMs: ReadInt(configuration, "SHUTDOWN_DELAY_MS", 0, 0, 600_000),
            ShutdownTimeoutMs: ReadInt(configuration, "SHUTDOWN_TIMEOUT_MS", 10_000, 0, 600_000),
            LogLevel: ReadLogLevel(configuration),
            TracingEnabled: !ReadBoolean(configuration, "OTEL_SDK_DISABLED"));
    }
    #endregion

    private static string? Read(IConfiguration configuration, string name)
    {
        var value = configuration[name];
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static int ReadInt(IConfiguration configuration, string name, int defaultValue, int min, int max)
    {
        var value = Read(configuration, name);
        if (value is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new InvalidSettingException(name, value, $"an integer from {min} to {max}");
        }

        return number;
    }

    private static double? ReadOptionalDouble(IConfiguration configuration, string name, double min, double max)
    {
        var value = Read(configuration, name);
        if (value is null)
        {
            return null;
        }

        if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new InvalidSettingException(name, value, $"a number from {min.ToString(CultureInfo.InvariantCulture)} to {max}");
        }

        return number;
    }

    private static string ReadHost(IConfiguration configuration)
    {
        var value = Read(configuration, "HOST") ?? "127.0.0.1";
        if (value != "localhost" && !IPAddress.TryParse(value, out _))
        {
            throw new InvalidSettingException("HOST", value, "an IP address or localhost");
        }

        return value;
    }

    private static bool ReadFlag(IConfiguration configuration, string name)
    {
        return Read(configuration, name) switch
        {
            null or "0" => false,
            "1" => true,
            var value => throw new InvalidSettingException(name, value, "0 or 1"),
        };
    }

    // OTEL_SDK_DISABLED follows the OpenTelemetry specification: only a case-insensitive "true" disables.
    private static bool ReadBoolean(IConfiguration configuration, string name)
    {
        return string.Equals(Read(configuration, name), "true", StringComparison.OrdinalIgnoreCase);
    }

    private static LogLevel ReadLogLevel(IConfiguration configuration)
    {
        return Read(configuration, "LOG_LEVEL") switch
        {
            null or "info" => LogLevel.Information,
            "debug" => LogLevel.Debug,
            "warn" => LogLevel.Warning,
            "error" => LogLevel.Error,
            var value => throw new InvalidSettingException("LOG_LEVEL", value, "debug, info, warn or error"),
        };
    }
}

/// <summary>An environment variable whose value the service cannot use; the service exits with code 2.</summary>
public sealed class InvalidSettingException(string name, string value, string expected)
    : Exception($"invalid {name}={value}: expected {expected}")
{
    /// <summary>The environment variable that contains the invalid value.</summary>
    public string Name { get; } = name;
}
