using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Triad.DotnetApi.Telemetry;

namespace Triad.DotnetApi.Problems;

/// <summary>
/// Builds the problem documents of the contract, so every error response has the members
/// <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>, <c>instance</c> and <c>trace_id</c> in that order.
/// </summary>
public static class ProblemResults
{
    /// <summary>The name of the extension member that carries the server span's trace id.</summary>
    public const string TraceIdMember = "trace_id";

    /// <summary>
    /// Creates the problem result of <paramref name="type"/> for the current request. The service
    /// registers no IProblemDetailsService, so the result writes this document as it is, without
    /// the <c>traceId</c> member that ASP.NET Core's problem details writer would add.
    /// </summary>
    public static ProblemHttpResult Create(HttpContext context, ProblemType type, string detail)
    {
        return TypedResults.Problem(CreateDetails(context, type, detail));
    }

    /// <summary>Writes the problem of <paramref name="type"/> as the response of the current request.</summary>
    public static Task WriteAsync(HttpContext context, ProblemType type, string detail)
    {
        return Create(context, type, detail).ExecuteAsync(context);
    }

    #region problem-writer
    /// <summary>Creates the problem document of <paramref name="type"/> for the current request.</summary>
    public static ProblemDetails CreateDetails(HttpContext context, ProblemType type, string detail)
    {
        // ProblemDetails serializes its own members in RFC 9457 order, then the extensions.
        return new ProblemDetails
        {
            Type = type.Uri,
            Title = type.Title,
            Status = type.Status,
            Detail = detail,
            Instance = context.Request.Path.Value,
            Extensions = { [TraceIdMember] = TraceIds.OfRequest(context) },
        };
    }
    #endregion
}
