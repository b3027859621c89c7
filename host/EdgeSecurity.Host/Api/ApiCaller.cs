namespace EdgeSecurity.Host.Api;

/// <summary>The authenticated holder of the request's token: who the audit trail names.</summary>
public sealed record ApiCaller(string Name, ApiRole Role)
{
    private const string ItemKey = "EdgeSecurity.ApiCaller";

    internal void AttachTo(HttpContext context) => context.Items[ItemKey] = this;

    /// <summary>The caller <see cref="RequireRoleFilter"/> authenticated; endpoints behind the filter always have one.</summary>
    public static ApiCaller Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(ItemKey, out var caller) && caller is ApiCaller known
            ? known
            : throw new InvalidOperationException("The endpoint is not behind RequireRoleFilter: no authenticated caller.");
    }
}
