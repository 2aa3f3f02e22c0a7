using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Triad.DotnetApi.Tests;

/// <summary>
/// Starts the service in memory with contract settings; tests pass the environment variables
/// they need, on top of a zero simulated wait and tracing off.
/// </summary>
public sealed class ServiceFactory(IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<Program>
{
    private static readonly Dictionary<string, string> Defaults = new()
    {
        ["SIMULATED_IO_MS"] = "0",
        ["OTEL_SDK_DISABLED"] = "true",
        ["SHUTDOWN_TIMEOUT_MS"] = "1000",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (name, value) in Defaults.Where(pair => settings?.ContainsKey(pair.Key) != true))
        {
            builder.UseSetting(name, value);
        }

        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(name, value);
        }

        if (Environment.Version.Major > 8)
        {
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, StreamResponseBodyFilter>());
        }

        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }

    // TestHost 8.0's response PipeWriter lacks UnflushedBytes, which System.Text.Json 9 and later
    // require, so on a rolled-forward runtime the body is written through a stream-backed writer.
    private sealed class StreamResponseBodyFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
        {
            return app =>
            {
                app.Use((context, nextMiddleware) =>
                {
                    var testHostBody = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(testHostBody.Stream, testHostBody));
                    return nextMiddleware(context);
                });
                next(app);
            };
        }
    }
}
