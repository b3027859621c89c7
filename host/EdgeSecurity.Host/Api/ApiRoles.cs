namespace EdgeSecurity.Host.Api;

/// <summary>Role names as configured and stored (lower case), and their parsing.</summary>
public static class ApiRoles
{
    public static string NameOf(ApiRole role) => role.ToString().ToLowerInvariant();

    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<ApiRole>().Select(NameOf).ToList();

    /// <summary>The role called <paramref name="name"/> (exactly a lower-case name), or null.</summary>
    public static ApiRole? Parse(string? name) =>
        Enum.GetValues<ApiRole>().Where(r => NameOf(r) == name).Select(r => (ApiRole?)r).FirstOrDefault();
}
