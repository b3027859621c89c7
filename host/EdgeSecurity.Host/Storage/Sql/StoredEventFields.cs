using System.Globalization;
using System.Text.Json;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>Reads fields from an event's stored fields JSON (an object keyed by field id, Ingest/EventRecordMapper).</summary>
internal static class StoredEventFields
{
    public static long? Number(string fieldsJson, byte fieldId)
    {
        using var fields = JsonDocument.Parse(fieldsJson);
        return fields.RootElement.TryGetProperty(Key(fieldId), out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : null;
    }

    public static string? Text(string fieldsJson, byte fieldId)
    {
        using var fields = JsonDocument.Parse(fieldsJson);
        return fields.RootElement.TryGetProperty(Key(fieldId), out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static string Key(byte fieldId) => fieldId.ToString(CultureInfo.InvariantCulture);
}
