using System.Diagnostics;

namespace Triad.DotnetApi.Telemetry;

/// <summary>The activity source of the spans this service starts itself.</summary>
public static class Instrumentation
{
    /// <summary>The name that the tracer provider subscribes to.</summary>
    public const string ActivitySourceName = "Triad.DotnetApi";

    /// <summary>The source of the <c>simulated-io</c> and <c>webhook.process</c> spans.</summary>
    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
}
