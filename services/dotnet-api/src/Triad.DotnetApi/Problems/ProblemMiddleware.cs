using Microsoft.AspNetCore.Diagnostics;

namespace Triad.DotnetApi.Problems;

/// <summary>
/// Turns responses that the framework produces without a body (unknown route, wrong method,
/// unhandled exception) into the contract's problem documents.
/// </summary>
public static partial class ProblemMiddleware
{
    /// <summary>
    /// Adds the exception handler and the status code pages. The exception handler logs the cause
    /// and sends only <c>internal</c>, so no 5xx response reveals how the service failed.
    /// </summary>
    public static IApplicationBuilder UseContractProblems(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteInternalErrorAsync });
        app.UseStatusCodePages(new StatusCodePagesOptions { HandleAsync = WriteStatusCodeProblemAsync });
        return app;
    }

    private static Task WriteInternalErrorAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProblemMiddleware));
        LogRequestFailed(logger, exception?.Message ?? "unknown error", exception);

        return ProblemResults.WriteAsync(context, ProblemType.Internal, "an internal error occurred");
    }

    // Endpoint routing sets 404 for an unknown route, and 405 with an Allow header for a known
    // route with a wrong method. Both responses are empty, so this handler writes the body.
    private static Task WriteStatusCodeProblemAsync(StatusCodeContext statusCodeContext)
    {
        var context = statusCodeContext.HttpContext;
        var method = context.Request.Method;
        var path = context.Request.Path.Value;

        return context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ProblemResults.WriteAsync(context, ProblemType.NotFound, $"no route for {method} {path}"),
            StatusCodes.Status405MethodNotAllowed => ProblemResults.WriteAsync(context, ProblemType.MethodNotAllowed, $"{method} is not allowed on {path}"),
            _ => Task.CompletedTask,
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "request failed: {Error}")]
    private static partial void LogRequestFailed(ILogger logger, string error, Exception? exception);
}
