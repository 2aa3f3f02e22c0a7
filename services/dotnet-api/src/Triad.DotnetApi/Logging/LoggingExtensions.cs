using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace Triad.DotnetApi.Logging;

/// <summary>Sets up JSON console logs in the format of the shared contract.</summary>
public static class LoggingExtensions
{
    #region logging
    /// <summary>
    /// Replaces the default log providers with the JSON line console formatter at the level of
    /// <c>LOG_LEVEL</c>; the framework's own categories log only warnings and errors.
    /// </summary>
    public static IHostApplicationBuilder AddServiceLogging(this IHostApplicationBuilder builder, ServiceSettings settings)
    {
        var logging = builder.Logging;
        logging.ClearProviders();
        logging.SetMinimumLevel(settings.LogLevel);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System", LogLevel.Warning);

        // The exception handler logs the cause as "request failed"; the middleware's own entry would repeat it.
        logging.AddFilter("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", LogLevel.None);

        logging.AddConsole(options => options.FormatterName = JsonLineConsoleFormatter.FormatterName);

        // AddConsoleFormatter<TFormatter, TOptions> would also bind the options to the
        // Logging:Console:FormatterOptions section by reflection, which the trimmed publish cannot
        // guarantee. The service reads its settings from environment variables only, so the
        // formatter and its options are registered directly.
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, JsonLineConsoleFormatter>());
        logging.Services.Configure<JsonLineConsoleFormatterOptions>(options => options.IncludeTraceContext = settings.TracingEnabled);

        return builder;
    }
    #endregion
}
