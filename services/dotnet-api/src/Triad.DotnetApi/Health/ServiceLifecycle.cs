using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Triad.DotnetApi.Health;

/// <summary>
/// Carries out the contract's start and shutdown sequence: logs <c>server started</c> with the
/// bound address, and on SIGTERM or SIGINT turns <c>/readyz</c> to draining and waits
/// <c>SHUTDOWN_DELAY_MS</c> before the host stops the listener.
/// </summary>
/// <remarks>
/// The host calls <see cref="StoppingAsync"/> before it stops any hosted service, Kestrel
/// included, so the listener keeps accepting requests during the delay.
/// </remarks>
public sealed partial class ServiceLifecycle(
    Readiness readiness,
    ServiceSettings settings,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<ServiceLifecycle> logger) : IHostedLifecycleService
{
    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(BeginDraining);
        lifetime.ApplicationStopped.Register(() => LogShutdownComplete(logger));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        readiness.MarkReady();
        var address = BoundAddress();
        LogServerStarted(logger, address);
        return Task.CompletedTask;
    }

    #region graceful-shutdown
    /// <inheritdoc />
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        BeginDraining();
        if (settings.ShutdownDelayMs > 0)
        {
            await Task.Delay(settings.ShutdownDelayMs, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void BeginDraining()
    {
        if (readiness.IsDraining)
        {
            return;
        }

        readiness.MarkDraining();
        LogShutdownStarted(logger);
    }
    #endregion

    // Kestrel lists the address it bound, with the real port when PORT=0.
    private string BoundAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null || !Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            return $"{settings.Host}:{settings.Port}";
        }

        return uri.Authority;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "server started: {Address}")]
    private static partial void LogServerStarted(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "shutdown started")]
    private static partial void LogShutdownStarted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "shutdown complete")]
    private static partial void LogShutdownComplete(ILogger logger);
}
