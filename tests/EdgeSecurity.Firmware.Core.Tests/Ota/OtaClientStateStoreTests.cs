using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.HostPlatform.Storage;

namespace EdgeSecurity.Firmware.Core.Tests.Ota;

/// <summary>
/// The update client's persisted state: the accepted offer's MAC is kept with its sequence (format 2), and a
/// record written by firmware before it (format 1) still loads with its replay floor.
/// </summary>
[Trait("Requirement", "SR-OTA-038")]
public sealed class OtaClientStateStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("es-ota-state-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private FileFlashStorage Flash() => new(_directory, 64 * 1024);

    [Fact]
    public void The_accepted_sequence_and_its_offer_mac_survive_a_power_cycle_together()
    {
        byte[] mac = Enumerable.Range(1, OtaMessageAuthenticator.MacBytes).Select(i => (byte)i).ToArray();
        var store = new OtaClientStateStore(Flash());
        OtaClientState state = store.Current;
        state.LastAcceptedSequence = 1_700_000_000_123;
        state.LastAcceptedOfferMac = mac;
        state.Phase = OtaPhase.Downloading;
        state.CampaignId = 9;
        store.Save(state);

        OtaClientState loaded = new OtaClientStateStore(Flash()).Current;

        Assert.Equal(1_700_000_000_123, loaded.LastAcceptedSequence);
        Assert.Equal(mac, loaded.LastAcceptedOfferMac);
        Assert.Equal(OtaPhase.Downloading, loaded.Phase);
        Assert.True(loaded.IsLastAcceptedOffer(1_700_000_000_123, mac));
        Assert.False(loaded.IsLastAcceptedOffer(1_700_000_000_124, mac));
        byte[] other = (byte[])mac.Clone();
        other[^1] ^= 1;
        Assert.False(loaded.IsLastAcceptedOffer(1_700_000_000_123, other));
    }

    [Fact]
    public void A_format_1_record_loads_with_its_replay_floor_and_recognises_no_redelivery()
    {
        // What firmware before the offer MAC wrote: format 1, no MAC at the end.
        var writer = new ByteWriter(49);
        writer.WriteByte(1);
        writer.WriteInt64(5_000);
        writer.WriteByte((int)OtaPhase.Downloading);
        writer.WriteUInt32(4);
        writer.WriteBytes(new byte[Manifest.BundleIdLength]);
        writer.WriteUInt32(2);
        writer.WriteUInt16(2);
        writer.WriteUInt16(0);
        writer.WriteUInt16(0);
        writer.WriteUInt32(0);
        writer.WriteByte(BootSlot.B);
        writer.WriteUInt32(12);
        byte[] format1 = writer.ToArray();
        Assert.Equal(49, format1.Length);
        var record = new TwoCopyRecord(Flash(), OtaStorageLayout.ClientStateCopy0, OtaStorageLayout.ClientStateCopy1, "ESOS"u8.ToArray(), format1.Length);
        record.Load();
        record.Save(format1);

        var store = new OtaClientStateStore(Flash());
        OtaClientState loaded = store.Current;

        Assert.Equal(5_000, loaded.LastAcceptedSequence);
        Assert.Equal(OtaPhase.Downloading, loaded.Phase);
        Assert.Equal(4, loaded.CampaignId);
        Assert.Equal(BootSlot.B, loaded.TargetSlot);
        Assert.Equal(12, loaded.ChunksTotal);
        Assert.All(loaded.LastAcceptedOfferMac, b => Assert.Equal(0, b));
        Assert.False(loaded.IsLastAcceptedOffer(5_000, new byte[OtaMessageAuthenticator.MacBytes]), "an unknown MAC (all zeros) matches nothing");
        Assert.Throws<InvalidOperationException>(() => store.Save(new OtaClientState { LastAcceptedSequence = 4_999 }));
    }
}
