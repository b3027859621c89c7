using EdgeSecurity.Host.Ota;

namespace EdgeSecurity.Host.Api;

/// <summary>Turns an <see cref="OtaRequestException"/> into its ProblemDetails (with the failure name as <c>failure</c>).</summary>
internal sealed class OtaProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (OtaRequestException e)
        {
            var extensions = e.Failure is null ? null : new Dictionary<string, object?> { ["failure"] = e.Failure };
            return Results.Problem(statusCode: e.Status, title: e.Title, detail: e.Message, extensions: extensions);
        }
    }
}
