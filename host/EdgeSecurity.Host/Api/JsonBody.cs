using System.Text.Json;

namespace EdgeSecurity.Host.Api;

/// <summary>Reads request bodies as JSON objects with errors that name the field, instead of model binding's detail-less 400s.</summary>
internal static class JsonBody
{
    private const int MaxBodyBytes = 64 * 1024;

    public static async Task<JsonElement> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > MaxBodyBytes)
        {
            throw new ApiParameterException("body", $"The request body is larger than {MaxBodyBytes} bytes.");
        }

        if (!(request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            throw new ApiParameterException("body", "Send the body as JSON with 'Content-Type: application/json'.");
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new ApiParameterException("body", "The body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ApiParameterException("body", $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
    }

    public static string RequiredString(JsonElement body, string field) =>
        OptionalString(body, field) ?? throw new ApiParameterException(field, $"The body needs a string field '{field}'.");

    public static string? OptionalString(JsonElement body, string field)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new ApiParameterException(field, $"Field '{field}' must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}.");
    }

    /// <summary>Refuses fields the endpoint does not know (a misspelt "stauts" must not be ignored).</summary>
    public static void OnlyFields(JsonElement body, params string[] allowed)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new ApiParameterException(property.Name, $"Unknown body field '{property.Name}': this request takes {string.Join(", ", allowed)}.");
            }
        }
    }
}
