using System.Net;
using System.Text.Json;

namespace Triad.DotnetApi.Tests;

/// <summary>Checks a response against the contract's problem document.</summary>
internal static class ProblemAssert
{
    private static readonly string[] MemberOrder = ["type", "title", "status", "detail", "instance", "trace_id"];

    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string detail, string instance)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(MemberOrder, body.EnumerateObject().Select(member => member.Name).ToArray());
        Assert.Equal($"urn:triad:problem:{code}", body.GetProperty("type").GetString());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.Equal(detail, body.GetProperty("detail").GetString());
        Assert.Equal(instance, body.GetProperty("instance").GetString());
        Assert.Matches("^[0-9a-f]{32}$", body.GetProperty("trace_id").GetString());
        return body;
    }
}
