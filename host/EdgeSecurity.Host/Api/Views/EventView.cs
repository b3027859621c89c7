using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Api.Views;

/// <summary>
/// An event as the API shows it (docs/api.md): type, severity and fields by name, with the numbers beside
/// them for scripts (<c>typeId</c>, <c>severityLevel</c>, <c>fieldsById</c>), the chain status, and the exact
/// record bytes and MAC for offline re-verification.
/// </summary>
public sealed record EventView(
    long Id,
    string DeviceId,
    long Sequence,
    long BootCounter,
    long DeviceTimeMs,
    bool DeviceTimeTrusted,
    long UptimeMs,
    long ReceivedAtMs,
    string Type,
    int TypeId,
    string Severity,
    int SeverityLevel,
    JsonObject Fields,
    JsonObject FieldsById,
    string Chain,
    byte[] RawRecord,
    byte[] Mac)
{
    public static EventView Of(SecurityEventRecord e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var byId = JsonNode.Parse(e.FieldsJson) as JsonObject ?? [];
        var named = new JsonObject();
        foreach (var (id, value) in byId)
        {
            var name = int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var fieldId) ? EventFieldNames.NameOf(e.Type, fieldId) : id;
            named[name] = value?.DeepClone();
        }

        return new EventView(
            e.Id, e.DeviceId, e.Sequence, e.BootCounter, e.DeviceTimeMs, e.DeviceTimeTrusted, e.UptimeMs, e.ReceivedAtMs,
            e.TypeName, e.Type, SeverityNames.NameOf(e.Severity), e.Severity, named, byId, ChainName(e.ChainStatus), e.RawRecord, e.Mac);
    }

    /// <summary>The event in words for alert details: "#18 integrity-check: resultCode=1, reason=digest differs, subject=app.json, mismatches=1".</summary>
    public static string Summary(SecurityEventRecord e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var fields = Of(e).Fields.Select(f => $"{f.Key}={(f.Value is JsonValue v && v.TryGetValue<string>(out var text) ? text : f.Value?.ToJsonString())}");
        var joined = string.Join(", ", fields);
        return $"#{e.Sequence.ToString(CultureInfo.InvariantCulture)} {e.TypeName}{(joined.Length == 0 ? "" : ": " + joined)}";
    }

    /// <summary>The chain status as the API names it.</summary>
    public static string ChainName(EventChainStatus? status) => status switch
    {
        EventChainStatus.Linked => "linked",
        EventChainStatus.AfterExplainedGap => "after-explained-gap",
        EventChainStatus.AfterUnexplainedGap => "after-unexplained-gap",
        null => "not-recorded",
        _ => "unknown",
    };
}
