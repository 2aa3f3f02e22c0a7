using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Triad.DotnetApi.Health;
using Triad.DotnetApi.Users;
using Triad.DotnetApi.Webhooks;

namespace Triad.DotnetApi;

/// <summary>
/// Source-generated JSON metadata of every response body. The trimmed publish turns
/// System.Text.Json's reflection-based serialization off, so a body type missing here fails at
/// run time in the published service. The tests run the untrimmed build and do not catch it.
/// ProblemDetails is listed because the service registers no IProblemDetailsService, whose
/// set-up would add ASP.NET Core's own metadata for it.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(UserList))]
[JsonSerializable(typeof(WebhookAccepted))]
public sealed partial class ServiceJsonSerializerContext : JsonSerializerContext;
