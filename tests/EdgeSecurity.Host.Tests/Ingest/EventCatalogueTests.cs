using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Ingest;

namespace EdgeSecurity.Host.Tests.Ingest;

/// <summary>Every event type the firmware defines has a catalogue name (docs/events.md), and names map back to their type.</summary>
public sealed class EventCatalogueTests
{
    public static TheoryData<int, string> OtaTypes() => new()
    {
        { 0x0207, "ota-offer-refused" },
        { 0x0208, "ota-offer-replayed" },
        { 0x0209, "ota-verified" },
        { 0x020A, "ota-failed" },
        { 0x020B, "ota-download-stalled" },
        { 0x020C, "ota-trust-root-installed" },
        { 0x020D, "ota-already-installed" },
        { 0x020E, "ota-chunks-ignored" },
    };

    [Theory]
    [MemberData(nameof(OtaTypes))]
    [Trait("Requirement", "SR-OTA-031")]
    public void The_ota_event_types_have_their_documented_names_both_ways(int type, string name)
    {
        Assert.Equal(name, EventCatalogue.NameOf(type));
        Assert.Equal(type, EventCatalogue.TypeOf(name));
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-031")]
    public void Every_event_type_the_firmware_defines_has_a_unique_catalogue_name()
    {
        var types = typeof(EventTypes).GetFields().Where(f => f.IsLiteral).Select(f => (int)(ushort)f.GetRawConstantValue()!).ToList();
        var names = types.Select(EventCatalogue.NameOf).ToList();

        Assert.All(names, n => Assert.DoesNotMatch("^type-0x", n));
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void An_unknown_type_gets_a_hex_name_and_an_unknown_name_no_type()
    {
        Assert.Equal("type-0x7fff", EventCatalogue.NameOf(0x7FFF));
        Assert.Null(EventCatalogue.TypeOf("ota-nonsense"));
    }
}
