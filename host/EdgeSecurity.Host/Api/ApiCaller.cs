namespace EdgeSecurity.Host.Api;

/// <summary>Who sent a request: the name of the token's holder and its role (audit entries name the holder).</summary>
public sealed record ApiCaller(string Name, ApiRole Role)
{
    private const string ItemKey = "EdgeSecurity.ApiCaller";

    /// <summary>The caller the role filter authenticated for this request.</summary>
    public static ApiCaller Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Items[ItemKey] as ApiCaller ?? throw new InvalidOperationException("The endpoint has no role filter, so there is no authenticated caller.");
    }

    internal void AttachTo(HttpContext http) => http.Items[ItemKey] = this;
}
