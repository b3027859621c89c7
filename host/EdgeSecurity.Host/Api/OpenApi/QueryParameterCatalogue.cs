namespace EdgeSecurity.Host.Api.OpenApi;

/// <summary>
/// The query parameters of endpoints that read them strictly through <see cref="RequestParameters"/> (the
/// OpenAPI generator cannot see those, as they are not handler arguments). Keyed by "METHOD /route" as the
/// API description names it (route constraints removed). Parameters bound as handler arguments are found by
/// the generator and need no entry. OpenApiDocumentTests probes every endpoint with an unknown parameter and
/// fails when the names it accepts differ from what is listed here.
/// </summary>
internal static class QueryParameterCatalogue
{
    private static readonly Dictionary<string, string[]> ByEndpoint = new(StringComparer.Ordinal)
    {
        ["GET /api/v1/devices"] = ["cursor", "limit"],
        ["GET /api/v1/events"] = ["device", "type", "minSeverity", "from", "to", "cursor", "limit"],
        ["GET /api/v1/alerts"] = ["device", "rule", "status", "cursor", "limit"],
        ["GET /api/v1/host-events"] = ["hostEventType", "from", "to", "cursor", "limit"],
        ["GET /api/v1/export/ocsf"] = ["from", "to", "sources"],
    };

    // One description per name: the same name means the same thing on every endpoint (docs/api.md, "Input checks").
    private static readonly Dictionary<string, QueryParameter> Known = new(StringComparer.Ordinal)
    {
        ["device"] = new("device", "Only this device (lowercase letters, digits, '-'; 'host' for the host's own).", "string"),
        ["type"] = new("type", "Only this event type: its number (0-65535) or its name from the event catalogue.", "string"),
        ["hostEventType"] = new("type", "Only this host event type, e.g. api-authentication-failed (docs/api.md, \"Host events\").", "string"),
        ["minSeverity"] = new("minSeverity", "At least this severity: 0-4 or info, notice, warning, error, critical.", "string"),
        ["from"] = new("from", "Start of the time range, inclusive: Unix milliseconds or ISO 8601 UTC.", "string"),
        ["to"] = new("to", "End of the time range, exclusive: Unix milliseconds or ISO 8601 UTC; after 'from'.", "string"),
        ["cursor"] = new("cursor", "The 'nextCursor' of the previous page.", "string"),
        ["limit"] = new("limit", "At most this many items, 1-1000 (default 100).", "integer"),
        ["rule"] = new("rule", "Only alerts of this rule id.", "string"),
        ["status"] = new("status", "Exactly one of new, acknowledged, resolved, false-positive.", "string"),
        ["sources"] = new("sources", "Comma-separated subset of events, alerts, host-events (default: all).", "string"),
    };

    /// <summary>The documented query parameters of <paramref name="endpointKey"/> ("GET /api/v1/events"); none when unlisted.</summary>
    public static IReadOnlyList<QueryParameter> For(string endpointKey) =>
        ByEndpoint.TryGetValue(endpointKey, out var names) ? names.Select(n => Known[n]).ToList() : [];
}

/// <summary>A documented query parameter: its name on the wire, what it does, and its JSON schema type.</summary>
internal sealed record QueryParameter(string Name, string Description, string SchemaType);
