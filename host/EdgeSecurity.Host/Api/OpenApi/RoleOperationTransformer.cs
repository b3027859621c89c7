using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EdgeSecurity.Host.Api.OpenApi;

/// <summary>
/// Completes every operation from what the endpoint declares, so an endpoint added anywhere is documented
/// without annotations: the role from its <see cref="RequiredRole"/> metadata (the bearer security
/// requirement, the <c>x-edgesec-role</c> extension and a sentence in the description), the strict query
/// parameters from <see cref="QueryParameterCatalogue"/>, and the refusals every endpoint can answer with
/// (problem+json: 400 bad input, 401 no or invalid token, 403 role too low, 404 unknown id, 429 rate-limited).
/// </summary>
internal sealed partial class RoleOperationTransformer : IOpenApiOperationTransformer
{
    public const string RoleExtension = "x-edgesec-role";

    [GeneratedRegex(@"\{(?<name>[^}:?]+)[^}]*\}", RegexOptions.None, 100)]
    private static partial Regex RouteParameter();

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var description = context.Description;
        var key = EndpointKey(description.HttpMethod ?? "GET", description.RelativePath ?? "");
        var role = description.ActionDescriptor.EndpointMetadata.OfType<RequiredRole>().LastOrDefault();

        operation.Responses ??= [];
        if (role?.Role is { } needed)
        {
            var roleName = ApiRoles.NameOf(needed);
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocumentation.BearerScheme, context.Document)] = [] }];
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions[RoleExtension] = new JsonNodeExtension(System.Text.Json.Nodes.JsonValue.Create(roleName));
            operation.Description = Join(operation.Description, $"Role: {roleName} (or a higher role). Send 'Authorization: Bearer <token>'.");
            Problem(operation, "401", "No token, or a token that matches no active API token.");
            Problem(operation, "429", "Too many failed authentications from this address; see Retry-After.");
            if (needed > ApiRole.Viewer)
            {
                Problem(operation, "403", $"The token's role is below {roleName}.");
            }
        }
        else
        {
            operation.Security = [];
            operation.Description = Join(operation.Description, "Public: no token needed.");
        }

        foreach (var parameter in QueryParameterCatalogue.For(key))
        {
            operation.Parameters ??= [];
            if (operation.Parameters.All(p => p.Name != parameter.Name))
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = parameter.Name,
                    In = ParameterLocation.Query,
                    Required = false,
                    Description = parameter.Description,
                    Schema = new OpenApiSchema { Type = parameter.SchemaType == "integer" ? JsonSchemaType.Integer : JsonSchemaType.String },
                });
            }
        }

        Problem(operation, "400", "A parameter or body value is invalid; 'detail' names it and what is allowed. Nothing was changed.");
        if (key.Contains('{', StringComparison.Ordinal))
        {
            Problem(operation, "404", "No such item.");
        }

        return Task.CompletedTask;
    }

    /// <summary>"GET /api/v1/ota/campaigns/{id}": the method and route with constraints removed, as the document's paths read.</summary>
    public static string EndpointKey(string method, string route) =>
        $"{method.ToUpperInvariant()} /{RouteParameter().Replace(route.TrimStart('/'), m => "{" + m.Groups["name"].Value + "}")}";

    private static string Join(string? existing, string sentence) => string.IsNullOrEmpty(existing) ? sentence : existing + " " + sentence;

    private static void Problem(OpenApiOperation operation, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() },
        };
    }
}
