
namespace Triad.DotnetApi.RateLimiting;

/// <summary>Registers and applies <see cref="ClientRateLimiter"/> when <c>RATE_LIMIT_RPS</c> is set.</summary>
public static class RateLimitingExtensions
{
    /// <summary>Adds the rate limiter services; adds nothing when rate limiting is off.</summary>
    public static IServiceCollection AddClientRateLimiting(this IServiceCollection services, ServiceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.RateLimitRps is not { } tokensPerSecond)
        {
            return services;
        }

        var limiter = new ClientRateLimiter(tokensPerSecond, settings.RateLimitBurst);
        services.AddSingleton(limiter);
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = limiter.Limiter;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = limiter.OnRejectedAsync;
        });

        return services;
    }

    /// <summary>Adds the rate limiting middleware and the headers of admitted requests.</summary>
    public static IApplicationBuilder UseClientRateLimiting(this IApplicationBuilder app)
    {
        var limiter = app.ApplicationServices.GetService<ClientRateLimiter>();
        if (limiter is null)
        {
            return app;
        }

        app.UseRateLimiter();
        app.Use((context, next) =>
        {
            limiter.AddHeaders(context);
            return next(context);
        });

        return app;
    }
}
