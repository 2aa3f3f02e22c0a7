using System.Net;
using System.Text.Json;
using Triad.DotnetApi.Health;
using Triad.DotnetApi.Logging;
using Triad.DotnetApi.Metrics;
using Triad.DotnetApi.Problems;
using Triad.DotnetApi.RateLimiting;
using Triad.DotnetApi.Telemetry;
using Triad.DotnetApi.TraceContext;
using Triad.DotnetApi.Users;
using Triad.DotnetApi.Webhooks;

namespace Triad.DotnetApi;

/// <summary>The service's shared defaults: configuration, Kestrel, logs, telemetry, metrics and problem details.</summary>
public static class Extensions
{
    /// <summary>
    /// Reads the settings and adds everything every route relies on.
    /// </summary>
    /// <exception cref="InvalidSettingException">An environment variable has an invalid value.</exception>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = ServiceSettings.Load(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);

        builder.ConfigureKestrel(settings);
        builder.AddServiceLogging(settings);
        builder.AddServiceTelemetry(settings);

        builder.Services.AddSingleton<ServiceMetrics>();
        builder.Services.AddSingleton<Readiness>();
        builder.Services.AddHostedService<ServiceLifecycle>();
        builder.Services.Configure<HostOptions>(options =>
            options.ShutdownTimeout = TimeSpan.FromMilliseconds(settings.ShutdownDelayMs + settings.ShutdownTimeoutMs));

        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ServiceJsonSerializerContext.Default);
        });

        return builder;
    }

    /// <summary>Adds the services of the routes: user lookup, webhook queue and workers, rate limiter, HTTP client.</summary>
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = ServiceSettings.Load(builder.Configuration);

        builder.Services.AddSingleton<UserLookup>();
        builder.Services.AddSingleton<WebhookQueue>();
        builder.Services.AddHostedService<WebhookWorker>();
        builder.Services.AddClientRateLimiting(settings);
        builder.Services.AddHttpClient(TraceContextTestApi.HttpClientName);

        return builder;
    }

    /// <summary>
    /// Adds the middleware in the order the contract needs: metrics see the final status code,
    /// problem documents replace empty error responses, and the rate limiter runs after routing.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<HttpMetricsMiddleware>();
        app.UseContractProblems();
        app.UseRouting();
        app.UseClientRateLimiting();

        return app;
    }

    /// <summary>Maps the health, readiness and metrics routes.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthApi();

        return app;
    }

    private static void ConfigureKestrel(this WebApplicationBuilder builder, ServiceSettings settings)
    {
        // Kestrel rejects "localhost" with port 0, so it binds the IPv4 loopback address instead.
        var address = settings.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(settings.Host);

        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Limits.MaxRequestBodySize = JsonBody.MaxBytes;
            options.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            options.Listen(address, settings.Port);
        });
    }
}
