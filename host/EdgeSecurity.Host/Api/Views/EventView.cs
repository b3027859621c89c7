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
