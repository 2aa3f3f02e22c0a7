using System.Buffers;
using Microsoft.Extensions.Primitives;

namespace Triad.DotnetApi.Users;

/// <summary>Validates the user ids of the query string against <c>^[A-Za-z0-9_-]{1,64}$</c>.</summary>
public static class UserIds
{
    /// <summary>The maximum number of ids of one <c>/api/users</c> request.</summary>
    public const int MaxIdsPerRequest = 100;

    /// <summary>The maximum length of one id.</summary>
    public const int MaxLength = 64;

    private static readonly SearchValues<char> AllowedCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    /// <summary>Reports whether <paramref name="id"/> is 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'.</summary>
    public static bool IsValid(string id)
    {
        return id.Length is >= 1 and <= MaxLength && !id.AsSpan().ContainsAnyExcept(AllowedCharacters);
    }

    /// <summary>Returns the <c>user_id</c> parameter, or the problem detail that explains why it is unusable.</summary>
    public static (string? UserId, string? Error) ParseUserId(StringValues values)
    {
        return values.Count switch
        {
            0 => (null, "user_id is required"),
            > 1 => (null, "user_id must be given once"),
            _ when !IsValid(values[0]!) => (null, "user_id must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'"),
            _ => (values[0], null),
        };
    }

    /// <summary>Returns the ids of the <c>ids</c> parameter, or the problem detail that explains why it is unusable.</summary>
    public static (string[]? Ids, string? Error) ParseIds(StringValues values)
    {
        if (values.Count == 0)
        {
            return (null, "ids is required");
        }

        if (values.Count > 1)
        {
            return (null, "ids must be given once");
        }

        var ids = values[0]!.Split(',');
        if (ids.Length > MaxIdsPerRequest)
        {
            return (null, $"ids must list at most {MaxIdsPerRequest} ids");
        }

        if (!ids.All(IsValid))
        {
            return (null, "each id must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'");
        }

        return (ids, null);
    }
}
