using Triad.DotnetApi.Telemetry;

namespace Triad.DotnetApi.Users;

/// <summary>
/// Looks users up with a simulated I/O wait of <c>SIMULATED_IO_MS</c>, the stand-in for a database
/// or downstream call that the benchmarks compare across runtimes.
/// </summary>
public sealed class UserLookup(ServiceSettings settings, TimeProvider timeProvider)
{
    #region cancellation
    /// <summary>Looks up one user inside a <c>simulated-io</c> span.</summary>
    public async Task<User> GetUserAsync(string userId, CancellationToken cancellationToken)
    {
        using (var activity = Instrumentation.ActivitySource.StartActivity("simulated-io"))
        {
            activity?.SetTag("simulated_io.duration_ms", settings.SimulatedIoMs);
            await Task.Delay(TimeSpan.FromMilliseconds(settings.SimulatedIoMs), timeProvider, cancellationToken);
        }

        var timestamp = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return new User(userId, "active", timestamp, ServiceSettings.ServiceName);
    }
    #endregion

    #region fan-out
    /// <summary>
    /// Looks up every id concurrently, at most <c>FANOUT_LIMIT</c> at once, and returns the users
    /// in the order of <paramref name="userIds"/>.
    /// </summary>
    public async Task<User[]> GetUsersAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken)
    {
        var users = new User[userIds.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = settings.FanoutLimit, CancellationToken = cancellationToken };

        await Parallel.ForEachAsync(Enumerable.Range(0, userIds.Count), options, async (index, token) =>
        {
            users[index] = await GetUserAsync(userIds[index], token);
        });

        return users;
    }
    #endregion
}
