using System.Globalization;

namespace EdgeSecurity.Host.Api;

/// <summary>
/// Endpoint filter: a client address not rate-limited (429 with Retry-After otherwise), a valid bearer token
/// (401 otherwise, with WWW-Authenticate; the failure is a host security event) whose role is at least the
/// endpoint's (403 otherwise). Errors are ProblemDetails naming what is wrong.
/// </summary>
internal sealed class RequireRoleFilter(ApiRole minimum) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var limiter = http.RequestServices.GetRequiredService<FailedAuthenticationLimiter>();
        var address = http.Connection.RemoteIpAddress;
        if (limiter.RetryAfter(address) is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many failed authentications",
                detail: $"This address sent {limiter.MaxFailures} requests without a valid token; retry after {seconds} s with a valid token.");
        }

        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length == scheme.Length)
        {
            await FailedAsync(http, limiter, "no bearer token").ConfigureAwait(false);
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required", detail: "Send an API token: 'Authorization: Bearer <token>'.");
        }

        var authenticator = http.RequestServices.GetRequiredService<ApiTokenAuthenticator>();
        if (await authenticator.AuthenticateAsync(header[scheme.Length..].Trim(), http.RequestAborted).ConfigureAwait(false) is not { } caller)
        {
            await FailedAsync(http, limiter, "unknown or revoked token").ConfigureAwait(false);
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid API token", detail: "The token matches no configured or unrevoked API token.");
        }

        if (caller.Role < minimum)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Insufficient role",
                detail: $"This operation needs the {ApiRoles.NameOf(minimum)} role; token '{caller.Name}' has {ApiRoles.NameOf(caller.Role)}.");
        }

        caller.AttachTo(http);
        return await next(context).ConfigureAwait(false);
    }

    private static async Task FailedAsync(HttpContext http, FailedAuthenticationLimiter limiter, string reason)
    {
        var events = http.RequestServices.GetRequiredService<HostSecurityEvents>();
        var address = http.Connection.RemoteIpAddress?.ToString();
        var failures = limiter.RecordFailure(http.Connection.RemoteIpAddress);

        // The request is refused whatever happens here: a client that disconnects does not get its failure unrecorded.
        await events.AuthenticationFailedAsync(address, reason, http.Request.Path, CancellationToken.None).ConfigureAwait(false);
        if (failures == limiter.MaxFailures)
        {
            await events.RateLimitedAsync(address, failures, limiter.Window, CancellationToken.None).ConfigureAwait(false);
        }
    }
}

/// <summary>Endpoint metadata: the least role a caller needs (null: public, no token).</summary>
public sealed record RequiredRole(ApiRole? Role);

/// <summary>How endpoints declare who may call them: the role filter and metadata that tests and docs can enumerate.</summary>
public static class RequiredRoleExtensions
{
    public static TBuilder RequireApiRole<TBuilder>(this TBuilder builder, ApiRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new RequireRoleFilter(role)).WithMetadata(new RequiredRole(role));

    public static TBuilder AllowWithoutToken<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new RequiredRole(null));
}
