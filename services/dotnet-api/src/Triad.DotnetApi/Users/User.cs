namespace Triad.DotnetApi.Users;

/// <summary>A looked-up user; <paramref name="Timestamp"/> is Unix time in milliseconds.</summary>
public sealed record User(string UserId, string Status, long Timestamp, string Service);

/// <summary>The body of <c>/api/users</c>: the users in the order of the request's ids.</summary>
public sealed record UserList(IReadOnlyList<User> Users);
