using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Triad.DotnetApi.Tests;

public sealed class UsersApiTests
{
    private const string InvalidUserId = "user_id must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'";
    private const string InvalidItem = "each id must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'";

    public static TheoryData<string, string> InvalidUserIdQueries => new()
    {
        { "", "user_id is required" },
        { "?user_id=", InvalidUserId },
        { "?user_id", InvalidUserId },
        { "?user_id=" + new string('a', 65), InvalidUserId },
        { "?user_id=%C3%A9", InvalidUserId },
        { "?user_id=a%00", InvalidUserId },
        { "?user_id=a%0A", InvalidUserId },
        { "?user_id=a.b", InvalidUserId },
        { "?user_id=a&user_id=b", "user_id must be given once" },
        { "?user_id=a&user_id=a", "user_id must be given once" },
    };

    public static TheoryData<string, string> InvalidIdsQueries => new()
    {
        { "", "ids is required" },
        { "?ids=", InvalidItem },
        { "?ids=a,,b", InvalidItem },
        { "?ids=a,", InvalidItem },
        { "?ids=a,%C3%A9", InvalidItem },
        { "?ids=a&ids=b", "ids must be given once" },
        { "?ids=" + string.Join(',', Enumerable.Repeat("a", 101)), "ids must list at most 100 ids" },
    };

    #region user-test
    [Theory]
    [InlineData("u1")]
    [InlineData("A-z_09")]
    [InlineData("x")]
    public async Task GetUser_ValidId_ReturnsUser(string userId)
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"/api/user?user_id={userId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["user_id", "status", "timestamp", "service"], body.EnumerateObject().Select(member => member.Name).ToArray());
        Assert.Equal(userId, body.GetProperty("user_id").GetString());
        Assert.Equal("active", body.GetProperty("status").GetString());
        Assert.Equal("dotnet-api", body.GetProperty("service").GetString());
        Assert.InRange(body.GetProperty("timestamp").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }
    #endregion

    [Fact]
    public async Task GetUser_Id64Characters_IsAccepted()
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"/api/user?user_id={new string('a', 64)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(InvalidUserIdQueries))]
    public async Task GetUser_InvalidQuery_ReturnsProblem(string query, string detail)
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/user" + query);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-parameter", detail, "/api/user");
        Assert.Equal("Invalid parameter", problem.GetProperty("title").GetString());
        Assert.Equal(new string('0', 32), problem.GetProperty("trace_id").GetString());
    }

    [Theory]
    [MemberData(nameof(InvalidIdsQueries))]
    public async Task GetUsers_InvalidQuery_ReturnsProblem(string query, string detail)
    {
        using var factory = new ServiceFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/users" + query);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-parameter", detail, "/api/users");
    }

    [Fact]
    public async Task GetUsers_DuplicateIds_KeepRequestOrder()
    {
        using var factory = new ServiceFactory(new Dictionary<string, string> { ["SIMULATED_IO_MS"] = "5" });
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/users?ids=c,a,b,a");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var users = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("users");
        Assert.Equal(["c", "a", "b", "a"], users.EnumerateArray().Select(user => user.GetProperty("user_id").GetString()!).ToArray());
    }

    [Fact]
    public async Task GetUsers_HundredIds_RunConcurrently()
    {
        using var factory = new ServiceFactory(new Dictionary<string, string> { ["SIMULATED_IO_MS"] = "200" });
        using var client = factory.CreateClient();
        var ids = string.Join(',', Enumerable.Range(0, 100).Select(index => $"u{index}"));

        var stopwatch = Stopwatch.StartNew();
        using var response = await client.GetAsync($"/api/users?ids={ids}");
        stopwatch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(stopwatch.ElapsedMilliseconds, 190, 2_000);
    }

    [Fact]
    public async Task GetUsers_FanoutLimit_BoundsConcurrency()
    {
        var settings = new Dictionary<string, string> { ["SIMULATED_IO_MS"] = "150", ["FANOUT_LIMIT"] = "2" };
        using var factory = new ServiceFactory(settings);
        using var client = factory.CreateClient();

        var stopwatch = Stopwatch.StartNew();
        using var response = await client.GetAsync("/api/users?ids=a,b,c,d,e,f");
        stopwatch.Stop();

        // Six lookups two at a time take three waits: at least 450 ms, and well under six sequential waits.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(stopwatch.ElapsedMilliseconds, 440, 880);
    }
}
