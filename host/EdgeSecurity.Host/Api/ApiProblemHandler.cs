using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace EdgeSecurity.Host.Api;

/// <summary>
/// Turns a refused parameter (<see cref="ApiParameterException"/>) or a request the server could not read
/// (<see cref="BadHttpRequestException"/>) into a 400 ProblemDetails whose detail names the problem, and
/// gives every error without a detail (unknown path, wrong method) one, so no client sees a bare status.
/// </summary>
internal sealed class ApiProblemHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, detail, parameter) = exception switch
        {
            ApiParameterException e => (StatusCodes.Status400BadRequest, e.Message, e.Parameter),
            BadHttpRequestException e => (e.StatusCode, "The request could not be read: " + e.Message, null),
            _ => (0, null, null),
        };
        if (status == 0)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = "Invalid request", Detail = detail };
        if (parameter is not null)
        {
            problem.Extensions["parameter"] = parameter;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception }).ConfigureAwait(false);
    }

    /// <summary>A detail for errors produced outside the endpoints (status code pages: 404 no such path, 405 wrong method).</summary>
    public static void AddMissingDetail(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null)
        {
            return;
        }

        var request = context.HttpContext.Request;
        problem.Detail = problem.Status switch
        {
            StatusCodes.Status404NotFound => $"There is no endpoint at '{request.Path}'; docs/api.md lists the endpoints.",
            StatusCodes.Status405MethodNotAllowed => $"'{request.Path}' does not take {request.Method}; docs/api.md lists the methods of each endpoint.",
            StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with 'Content-Type: application/json'.",
            _ => problem.Title,
        };
    }
}
