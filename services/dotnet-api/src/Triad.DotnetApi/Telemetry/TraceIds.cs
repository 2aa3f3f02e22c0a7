using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Triad.DotnetApi.Telemetry;

/// <summary>Reads the trace id that problem documents and logs carry.</summary>
public static class TraceIds
{
    /// <summary>The trace id reported while tracing is off.</summary>
    public const string Empty = "00000000000000000000000000000000";

    /// <summary>
    /// Returns the trace id of the request's server span, or <see cref="Empty"/> when tracing is off.
    /// ASP.NET Core starts an activity for every request even without a tracer, so the setting
    /// decides, not the presence of an activity.
    /// </summary>
    public static string OfRequest(HttpContext context)
    {
        var settings = context.RequestServices.GetService<ServiceSettings>();
        if (settings is null || !settings.TracingEnabled)
        {
            return Empty;
        }

        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity ?? Activity.Current;
        return activity is null ? Empty : activity.TraceId.ToHexString();
    }
}
