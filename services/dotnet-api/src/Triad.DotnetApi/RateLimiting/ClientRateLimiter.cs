using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Triad.DotnetApi.Metrics;
using Triad.DotnetApi.Problems;

namespace Triad.DotnetApi.RateLimiting;

/// <summary>
/// A token bucket per client address in front of <c>/api/*</c>, enabled by <c>RATE_LIMIT_RPS</c>,
/// that also writes the <c>RateLimit-Policy</c> and <c>RateLimit</c> headers of
/// draft-ietf-httpapi-ratelimit-headers.
/// </summary>
/// <remarks>
/// The partitioned limiter of System.Threading.RateLimiting removes a partition whose bucket has
/// been full for 10 seconds (its private constant <c>s_idleTimeLimit</c>, read on .NET 10). The
/// contract expects eviction after 60 idle seconds. A full bucket and a new one behave the same,
/// so clients cannot tell the difference.
/// </remarks>
public sealed class ClientRateLimiter : IDisposable
{
    /// <summary>The path prefix that the limiter guards.</summary>
    public static readonly PathString GuardedPath = new("/api");

    private readonly double tokensPerSecond;
    private readonly int burst;
    private readonly string policyHeader;

    #region token-bucket
    /// <summary>Creates the limiter for <paramref name="tokensPerSecond"/> and a bucket of <paramref name="burst"/> tokens.</summary>
    public ClientRateLimiter(double tokensPerSecond, int burst)
    {
        this.tokensPerSecond = tokensPerSecond;
        this.burst = burst;
        var window = (int)Math.Ceiling(burst / tokensPerSecond);
        policyHeader = string.Create(CultureInfo.InvariantCulture, $"{burst};w={window}");

        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1 / tokensPerSecond),
            QueueLimit = 0,
            AutoReplenishment = false,
        };

        Limiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsGuarded(context)
            ? RateLimitPartition.GetTokenBucketLimiter(ClientAddressOf(context), _ => bucket)
            : RateLimitPartition.GetNoLimiter(string.Empty));
    }

    /// <summary>The limiter that the rate limiting middleware consults for every request.</summary>
    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>Reports whether the limiter guards the request's path.</summary>
    public static bool IsGuarded(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Path.StartsWithSegments(GuardedPath, StringComparison.Ordinal);
    }

    /// <summary>Adds the rate limit headers of the client's bucket to a guarded request's response.</summary>
    public void AddHeaders(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsGuarded(context))
        {
            return;
        }

        var available = Limiter.GetStatistics(context)?.CurrentAvailablePermits ?? burst;
        var reset = (int)Math.Ceiling((burst - available) / tokensPerSecond);

        context.Response.Headers["RateLimit-Policy"] = policyHeader;
        context.Response.Headers["RateLimit"] = string.Create(CultureInfo.InvariantCulture, $"limit={burst}, remaining={available}, reset={reset}");
    }
    #endregion

    /// <summary>Answers a request that found no token with 429 <c>rate-limited</c> and <c>Retry-After</c>.</summary>
    public async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : (int)Math.Ceiling(1 / tokensPerSecond);

        context.RequestServices.GetRequiredService<ServiceMetrics>().RateLimitRejected.Inc();
        AddHeaders(context);
        context.Response.Headers.RetryAfter = Math.Max(1, retryAfter).ToString(CultureInfo.InvariantCulture);
        await ProblemResults.WriteAsync(context, ProblemType.RateLimited, "rate limit exceeded");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Limiter.Dispose();
    }

    private static string ClientAddressOf(HttpContext context)
    {
        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
