using Microsoft.OpenApi;

namespace EdgeSecurity.Host.Api.OpenApi;

/// <summary>
/// The API's own description: the OpenAPI document at <see cref="DocumentPath"/>, generated from the mapped
/// endpoints (so endpoints added later appear without annotations), and a browsable reference at
/// <see cref="ReferencePath"/> served from the host with no outside resource (sites without internet).
/// Both are public: they describe the API, hold no data, and the reference page must load before a token is given.
/// </summary>
public static class ApiDocumentation
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/api/docs";
    public const string BearerScheme = "bearer";

    public static IServiceCollection AddEdgeSecurityOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "EdgeSecurity host API",
                    Version = "v1",
                    Description = "Devices, events, alerts and their triage, export, OTA. Every endpoint names its least role "
                        + "(viewer < analyst < operator < admin) in its description and in x-edgesec-role. Errors are RFC 7807 "
                        + "problem+json with a 'detail' that names the problem. Field meanings: docs/api.md in the repository.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API token (edgesec tokens create), sent as 'Authorization: Bearer <token>'.",
                };
                GroupByResource(document);
                return Task.CompletedTask;
            });
            o.AddOperationTransformer<RoleOperationTransformer>();
        });

    /// <summary>"devices" for /api/v1/devices/{id}, "host" for /health: the reference groups operations by what they act on.</summary>
    public static string ResourceOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is ["api", "v1", var resource, ..] ? resource : "host";
    }

    // The generator tags an operation with the C# type or assembly that maps it, which says nothing to a reader.
    private static void GroupByResource(OpenApiDocument document)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document.Paths)
        {
            foreach (var operation in item.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                var name = ResourceOf(path);
                names.Add(name);
                operation.Tags = new HashSet<OpenApiTagReference> { new(name, document) };
            }
        }

        document.Tags = new HashSet<OpenApiTag>(names.Select(n => new OpenApiTag { Name = n }));
    }

    public static void MapEdgeSecurityApiDocumentation(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi().AllowWithoutToken();
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = ReferencePath.TrimStart('/');
            o.DocumentTitle = "EdgeSecurity host API";
            o.SwaggerEndpoint(DocumentPath, "EdgeSecurity host API v1");

            // No call to the public validator service: the reference works offline and sends nothing out.
            o.EnableValidator(null);
        });
    }
}
