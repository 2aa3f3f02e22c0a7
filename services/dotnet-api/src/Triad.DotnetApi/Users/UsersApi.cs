using Microsoft.AspNetCore.Http.HttpResults;
using Triad.DotnetApi.Problems;

namespace Triad.DotnetApi.Users;

/// <summary>The user lookup routes.</summary>
public static class UsersApi
{
    #region users-api
    /// <summary>Maps <c>GET /api/user</c> and <c>GET /api/users</c>.</summary>
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        api.MapGet("/user", GetUserAsync);
        api.MapGet("/users", GetUsersAsync);

        return app;
    }

    /// <summary>Looks up the user of the <c>user_id</c> query parameter.</summary>
    public static async Task<Results<Ok<User>, ProblemHttpResult>> GetUserAsync(HttpContext context, UserLookup lookup)
    {
        var (userId, error) = UserIds.ParseUserId(context.Request.Query["user_id"]);
        if (userId is null)
        {
            return ProblemResults.Create(context, ProblemType.InvalidParameter, error!);
        }

        var user = await lookup.GetUserAsync(userId, context.RequestAborted);
        return TypedResults.Ok(user);
    }
    #endregion

    /// <summary>Looks up the users of the comma-separated <c>ids</c> query parameter, keeping their order.</summary>
    public static async Task<Results<Ok<UserList>, ProblemHttpResult>> GetUsersAsync(HttpContext context, UserLookup lookup)
    {
        var (ids, error) = UserIds.ParseIds(context.Request.Query["ids"]);
        if (ids is null)
        {
            return ProblemResults.Create(context, ProblemType.InvalidParameter, error!);
        }

        var users = await lookup.GetUsersAsync(ids, context.RequestAborted);
        return TypedResults.Ok(new UserList(users));
    }
}
