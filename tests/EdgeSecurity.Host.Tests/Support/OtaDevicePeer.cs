using System.Threading.Channels;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>
/// A scripted device on the OTA topics, built from the firmware core's codecs and verifier: its own certificate
/// (mutual TLS, the broker's ACL applies), offers authenticated with its event key, chunks requested by index
/// and checked against the signed manifest's digests, reports MAC'd as a device sends them.
/// </summary>
internal sealed class OtaDevicePeer : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly Channel<byte[]> _offers = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<byte[]> _chunks = Channel.CreateUnbounded<byte[]>();
    private readonly MqttClient _client;

    private OtaDevicePeer(TestFleet fleet, string deviceId, int port)
    {
        DeviceId = deviceId;
        Key = fleet.EventKey(deviceId);
        _client = new MqttClient(
            DeviceConnection.ClientOptions(fleet, deviceId, port),
            (message, _) =>
            {
                (message.Topic.EndsWith(DeviceTopics.OtaOffer, StringComparison.Ordinal) ? _offers : _chunks).Writer.TryWrite(message.Payload.ToArray());
                return ValueTask.CompletedTask;
            });
    }

    public string DeviceId { get; }

    public byte[] Key { get; }

    public static async Task<OtaDevicePeer> ConnectAsync(TestFleet fleet, string deviceId, int port)
    {
        var peer = new OtaDevicePeer(fleet, deviceId, port);
        await peer._client.ConnectAsync();
        await peer._client.SubscribeAsync(DeviceTopics.For(deviceId, DeviceTopics.OtaOffer), MqttQos.AtLeastOnce);
        await peer._client.SubscribeAsync(DeviceTopics.For(deviceId, DeviceTopics.OtaChunk), MqttQos.AtLeastOnce);
        return peer;
    }

    /// <summary>The next offer as received (null when none came within <paramref name="wait"/>).</summary>
    public async Task<byte[]?> TryNextRawOfferAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await _offers.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The next offer, authenticated with this device's key by the core codec (throws when the MAC fails).</summary>
    public async Task<OtaOffer> NextOfferAsync() =>
        OtaOfferCodec.Decode(TestMac.Instance, Key, DeviceId, await TryNextRawOfferAsync(Wait) ?? throw new TimeoutException($"{DeviceId} got no offer within {Wait}."));

    public Task RequestAsync(long campaignId, params OtaChunkId[] chunks) =>
        _client.PublishAsync(DeviceTopics.For(DeviceId, DeviceTopics.OtaReport), OtaChunkRequestCodec.Encode(new OtaChunkRequest(campaignId, chunks)), MqttQos.AtLeastOnce);

    public async Task<OtaChunk> NextChunkAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        return OtaChunkCodec.Decode(await _chunks.Reader.ReadAsync(timeout.Token));
    }

    public bool HasChunkWaiting => _chunks.Reader.TryPeek(out _);

    /// <summary>Downloads every chunk of the offered bundle, at most 4 in flight, checking each against the manifest
    /// with the core's verifier; returns the number of chunks.</summary>
    public async Task<int> DownloadAsync(OtaOffer offer)
    {
        var manifest = SignedManifest.Parse(offer.GetPayload()).Manifest;
        var verifier = new BundleVerifier(new Firmware.Core.Trust.Ed25519SignatureVerifier(), TestMac.Instance);
        var wanted = new List<OtaChunkId>();
        for (var c = 0; c < manifest.ComponentCount; c++)
        {
            for (var i = 0; i < manifest.GetComponent(c).ChunkCount; i++)
            {
                wanted.Add(new OtaChunkId(c, i));
            }
        }

        foreach (var window in wanted.Chunk(4))
        {
            await RequestAsync(offer.CampaignId, window);
            for (var n = 0; n < window.Length; n++)
            {
                var chunk = await NextChunkAsync();
                Assert.Equal(offer.CampaignId, chunk.CampaignId);
                var check = verifier.VerifyChunk(manifest.GetComponent(chunk.ComponentIndex), chunk.ChunkIndex, chunk.Data, 0, chunk.DataLength);
                Assert.True(check.IsValid, check.Message);
            }
        }

        return wanted.Count;
    }

    public Task ReportAsync(long campaignId, OtaStage stage, byte[]? bundleId, long present = 0, long total = 0, int reason = OtaReason.None, string text = "", byte[]? key = null, long counter = 0) =>
        _client.PublishAsync(
            DeviceTopics.For(DeviceId, DeviceTopics.OtaReport),
            OtaReportCodec.Encode(TestMac.Instance, key ?? Key, DeviceId, new OtaReport(campaignId, stage, reason, present, total, bundleId, counter, text)),
            MqttQos.AtLeastOnce);

    public async ValueTask DisposeAsync() => await _client.DisposeAsync();
}
