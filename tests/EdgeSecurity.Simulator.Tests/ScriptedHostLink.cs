using System.Collections.Concurrent;
using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Platform.Crypto;
using EdgeSecurity.Signing.Bundles;
using EdgeSecurity.Simulator.Device;

namespace EdgeSecurity.Simulator.Tests;

/// <summary>
/// A connected link whose other end is a scripted host: it acknowledges every event batch, offers a bundle
/// when told, answers the device's chunk requests from that bundle and collects the device's OTA reports.
/// What a real host does over the broker, in memory, so the simulated device's OTA wiring can be tested alone.
/// </summary>
internal sealed class ScriptedHostLink(string deviceId, byte[] eventKey) : IDeviceLink
{
    private readonly HmacSha256MacPrimitive _mac = new();
    private readonly Dictionary<string, IMessageReceiver> _receivers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _toDevice = new();
    private BundleFile? _served;
    private long _campaign;
    private long _sequence = 1;

    public List<OtaReport> Reports { get; } = [];

    public bool IsConnected => true;

    public void Offer(byte[] bundleFile, long campaign)
    {
        _served = BundleFile.Parse(bundleFile);
        _campaign = campaign;
        var offer = new OtaOffer(OtaOfferKind.Bundle, campaign, ++_sequence, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), _served.SignedManifest.ToBytes());
        _toDevice.Enqueue((DeviceTopics.For(deviceId, DeviceTopics.OtaOffer), OtaOfferCodec.Encode(_mac, eventKey, deviceId, offer)));
    }

    public bool Publish(string topic, byte[] payload)
    {
        if (topic == DeviceTopics.For(deviceId, DeviceTopics.Events))
        {
            var batch = EventBatchCodec.Decode(payload);
            if (batch.Entries.Length > 0)
            {
                var ack = new EventAck(AckStatus.Stored, batch.BatchId, batch.Entries[^1].Record.Sequence, 0);
                _toDevice.Enqueue((DeviceTopics.For(deviceId, DeviceTopics.Acks), EventAckCodec.Encode(_mac, eventKey, ack)));
            }
        }
        else if (topic == DeviceTopics.For(deviceId, DeviceTopics.OtaReport) && OtaMessages.Classify(payload) == OtaMessageType.Report)
        {
            Reports.Add(OtaReportCodec.Decode(_mac, eventKey, deviceId, payload));
        }
        else if (topic == DeviceTopics.For(deviceId, DeviceTopics.OtaReport) && _served is not null)
        {
            var request = OtaChunkRequestCodec.Decode(payload);
            for (var i = 0; i < request.Count; i++)
            {
                var id = request.GetChunk(i);
                var component = _served.Manifest.GetComponent(id.ComponentIndex);
                var start = _served.Container.GetComponentOffset(id.ComponentIndex) + (id.ChunkIndex * component.ChunkSize);
                var data = _served.Bytes.AsSpan(start, component.GetChunkLength(id.ChunkIndex)).ToArray();
                _toDevice.Enqueue((DeviceTopics.For(deviceId, DeviceTopics.OtaChunk), OtaChunkCodec.Encode(new OtaChunk(_campaign, id.ComponentIndex, id.ChunkIndex, data))));
            }
        }

        return true;
    }

    public void Subscribe(string topic, IMessageReceiver receiver) => _receivers[topic] = receiver;

    public int DeliverPending()
    {
        var count = 0;
        while (_toDevice.TryDequeue(out var message))
        {
            if (_receivers.TryGetValue(message.Topic, out var receiver))
            {
                receiver.OnMessage(message.Topic, message.Payload);
                count++;
            }
        }

        return count;
    }

    public void Start()
    {
    }

    public void ReportConnectionAttempts(ConnectionFailureReporter connections) => connections.OnConnected();

    public void DropConnection()
    {
    }

    public void BeginBrokerOutage(TimeSpan length)
    {
    }

    public void BeginHostOutage(TimeSpan length)
    {
    }
}
