namespace Triad.DotnetApi.Problems;

/// <summary>
/// An error kind of the shared contract: the <c>type</c> URI, status code and title of its RFC 9457
/// problem document are the same in every service of triad.
/// </summary>
public sealed record ProblemType(string Code, int Status, string Title)
{
    /// <summary>The prefix of every problem <c>type</c> URI.</summary>
    public const string UriPrefix = "urn:triad:problem:";

    /// <summary>A missing, repeated or invalid query parameter, or an invalid <c>/test</c> body.</summary>
    public static readonly ProblemType InvalidParameter = new("invalid-parameter", 400, "Invalid parameter");

    /// <summary>A body that is not JSON or is nested too deeply.</summary>
    public static readonly ProblemType InvalidJson = new("invalid-json", 400, "Invalid JSON");

    /// <summary>No route matches the path.</summary>
    public static readonly ProblemType NotFound = new("not-found", 404, "Not found");

    /// <summary>A route matches the path but not the method.</summary>
    public static readonly ProblemType MethodNotAllowed = new("method-not-allowed", 405, "Method not allowed");

    /// <summary>A body over the size limit.</summary>
    public static readonly ProblemType PayloadTooLarge = new("payload-too-large", 413, "Payload too large");

    /// <summary>A body whose <c>Content-Type</c> is missing or not JSON.</summary>
    public static readonly ProblemType UnsupportedMediaType = new("unsupported-media-type", 415, "Unsupported media type");

    /// <summary>A JSON body that is not a valid webhook event.</summary>
    public static readonly ProblemType InvalidWebhook = new("invalid-webhook", 422, "Invalid webhook event");

    /// <summary>A client that has no token left in its rate limit bucket.</summary>
    public static readonly ProblemType RateLimited = new("rate-limited", 429, "Too many requests");

    /// <summary>An unexpected failure; its cause is logged and never sent to the client.</summary>
    public static readonly ProblemType Internal = new("internal", 500, "Internal server error");

    /// <summary>A webhook queue without free capacity.</summary>
    public static readonly ProblemType QueueFull = new("queue-full", 503, "Queue full");

    /// <summary>A service that has received SIGTERM and accepts no new work.</summary>
    public static readonly ProblemType Draining = new("draining", 503, "Shutting down");

    /// <summary>The <c>type</c> member of the problem document.</summary>
    public string Uri => UriPrefix + Code;
}
