namespace EdgeSecurity.Host.Api;

/// <summary>
/// Endpoint filter: a valid bearer token (401 otherwise, with WWW-Authenticate) whose role is at least
/// the endpoint's (403 otherwise). Errors are ProblemDetails naming what is wrong.
/// </summary>
internal sealed class RequireRoleFilter(ApiRole minimum) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var authenticator = http.RequestServices.GetRequiredService<ApiTokenAuthenticator>();
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length == scheme.Length)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required", detail: "Send an API token: 'Authorization: Bearer <token>'.");
        }

        if (authenticator.Authenticate(header[scheme.Length..].Trim()) is not { } caller)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid API token", detail: "The token matches no configured API token.");
        }

        if (caller.Role < minimum)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Insufficient role", detail: $"This operation needs the {minimum.ToString().ToLowerInvariant()} role; token '{caller.Name}' has {caller.Role.ToString().ToLowerInvariant()}.");
        }

        new ApiCaller(caller.Name, caller.Role).AttachTo(http);
        return await next(context).ConfigureAwait(false);
    }
}
