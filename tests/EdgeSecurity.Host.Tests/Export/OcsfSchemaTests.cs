using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Export;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Tests.Export;

/// <summary>
/// Schema-driven: every event type of the catalogue, every alert status and every host event type is mapped to
/// an OCSF class described in ocsf-required.json, and the output has every attribute that class requires.
/// </summary>
public sealed class OcsfSchemaTests
{
    private static readonly JsonElement Required = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Export", "ocsf-required.json"))).RootElement;

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var type in EventFieldNames.Catalogue.Keys)
        {
            data.Add("event:" + type);
        }

        foreach (var status in AlertStatusNames.ByName.Keys)
        {
            data.Add("alert:" + status);
        }

        foreach (var type in HostSecurityEvents.Types)
        {
            data.Add("host:" + type);
        }

        return data;
    }

    private static JsonObject Map(string sample)
    {
        var (kind, what) = (sample.Split(':', 2)[0], sample.Split(':', 2)[1]);
        return kind switch
        {
            "event" => OcsfMapper.FromEvent(SampleEvent(int.Parse(what, System.Globalization.CultureInfo.InvariantCulture))),
            "alert" => OcsfMapper.FromAlert(new AlertRecord("integrity-violation", "dev-a", 4, "Integrity violation", "digest differs", AlertStatusNames.ByName[what], 10, 20, [3, 4]) { Id = 9 }),
            _ => OcsfMapper.FromHostEvent(new HostEventRecord(30, what, 2, "192.0.2.1", "cli:ops", "token 'soc' created with role analyst") { Id = 5 }),
        };
    }

    // Every field the catalogue names for the type, with a value of a plausible kind.
    private static SecurityEventRecord SampleEvent(int type)
    {
        var fields = new JsonObject();
        foreach (var (id, name) in EventFieldNames.Catalogue[type])
        {
            fields[id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = name switch
            {
                "resultCode" => 1,
                "reason" or "version" or "slot" or "subject" or "endpoint" or "peer" or "source" or "item" or "origin" or "previousVersion" => "x",
                "trusted" or "sequenceStateLost" => true,
                _ => 7,
            };
        }

        return new SecurityEventRecord("dev-a", 12, 1, 1000, true, 5, type, EventCatalogue.NameOf(type), 3, fields.ToJsonString(), [1], [2], 2000) { Id = 77 };
    }

    [Theory]
    [MemberData(nameof(Samples))]
    [Trait("Requirement", "SR-EXP-001")]
    public void Every_mapped_type_has_every_attribute_its_OCSF_class_requires(string sample)
    {
        var ocsf = Map(sample);

        var classUid = ocsf["class_uid"]!.GetValue<int>();
        Assert.True(Required.GetProperty("classes").TryGetProperty(classUid.ToString(System.Globalization.CultureInfo.InvariantCulture), out var description), $"{sample}: class {classUid} is not described");
        foreach (var path in Required.GetProperty("base").EnumerateArray().Concat(description.GetProperty("required").EnumerateArray()).Select(p => p.GetString()!))
        {
            Assert.True(path.Split('|').Any(alternative => Resolve(ocsf, alternative) is not null), $"{sample} ({description.GetProperty("name").GetString()}): '{path}' is missing in {ocsf.ToJsonString()}");
        }

        Assert.Equal(description.GetProperty("category_uid").GetInt32(), ocsf["category_uid"]!.GetValue<int>());
        Assert.Equal((classUid * 100) + ocsf["activity_id"]!.GetValue<int>(), ocsf["type_uid"]!.GetValue<int>());
        Assert.InRange(ocsf["severity_id"]!.GetValue<int>(), 0, 6);
        Assert.StartsWith("1.", ocsf["metadata"]!["version"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(ocsf["metadata"]!["uid"]);
    }

    [Fact]
    [Trait("Requirement", "SR-EXP-001")]
    public void Every_catalogued_event_type_has_its_own_class_and_keeps_the_original_record()
    {
        foreach (var type in EventFieldNames.Catalogue.Keys)
        {
            Assert.True(OcsfMapper.EventTargets.ContainsKey(type), $"event type 0x{type:x4} has no OCSF class");
        }

        var ocsf = OcsfMapper.FromEvent(SampleEvent(0x0102));
        Assert.Equal(5019, ocsf["class_uid"]!.GetValue<int>());
        Assert.Equal((4, 2, "Failure"), (ocsf["severity_id"]!.GetValue<int>(), ocsf["status_id"]!.GetValue<int>(), ocsf["status"]!.GetValue<string>()));
        Assert.Equal("x", ocsf["unmapped"]!["fields"]!["subject"]!.GetValue<string>());
        Assert.Equal("event:dev-a:12", ocsf["metadata"]!["uid"]!.GetValue<string>());
    }

    private static JsonNode? Resolve(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject obj ? obj[part] : null;
        }

        return node;
    }
}
