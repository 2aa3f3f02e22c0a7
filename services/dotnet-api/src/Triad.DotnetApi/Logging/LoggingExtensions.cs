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
        logging.AddConsoleFormatter<JsonLineConsoleFormatter, JsonLineConsoleFormatterOptions>(options =>
        {
            options.IncludeTraceContext = settings.TracingEnabled;
        });

        return builder;
    }
    #endregion
}
