namespace Triad.DotnetApi.Health;

/// <summary>The phase of the service's life that <c>/readyz</c> reports.</summary>
public enum ReadinessPhase
{
    /// <summary>The listener does not serve yet.</summary>
    Starting,

    /// <summary>The service takes requests.</summary>
    Ready,

    /// <summary>The service received SIGTERM or SIGINT and accepts no new webhook events.</summary>
    Draining,
}

/// <summary>The current <see cref="ReadinessPhase"/>, shared by the health routes, webhooks and shutdown.</summary>
public sealed class Readiness
{
    private volatile int phase = (int)ReadinessPhase.Starting;

    /// <summary>The current phase.</summary>
    public ReadinessPhase Phase => (ReadinessPhase)phase;

    /// <summary>Whether the service is shutting down.</summary>
    public bool IsDraining => Phase == ReadinessPhase.Draining;

    /// <summary>Moves from <see cref="ReadinessPhase.Starting"/> to <see cref="ReadinessPhase.Ready"/>; a draining service stays draining.</summary>
    public void MarkReady()
    {
        Interlocked.CompareExchange(ref phase, (int)ReadinessPhase.Ready, (int)ReadinessPhase.Starting);
    }

    /// <summary>Moves to <see cref="ReadinessPhase.Draining"/>.</summary>
    public void MarkDraining()
    {
        phase = (int)ReadinessPhase.Draining;
    }
}
