using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Firmware.HostPlatform.Clock;
using EdgeSecurity.Firmware.HostPlatform.Storage;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>
/// A device's real journal, security event log and uploader (the core's, on file-backed flash) over the
/// project's MQTT client: what the host meets from an ESP32, minus the radio.
/// </summary>
internal sealed class UploadingDevice : IAsyncDisposable
{
    private readonly MqttMessageTransport _transport;
    private readonly SimulatedClock _clock;

    private UploadingDevice(string deviceId, EventJournal journal, SecurityEventLog log, MqttMessageTransport transport, SimulatedClock clock, EventUploader uploader)
    {
        DeviceId = deviceId;
        Journal = journal;
        Log = log;
        _transport = transport;
        _clock = clock;
        Uploader = uploader;
    }

    public string DeviceId { get; }

    public EventJournal Journal { get; }

    public SecurityEventLog Log { get; }

    public EventUploader Uploader { get; }

    /// <summary>The device's MQTT session, for other core services (the attestation responder) to use as on a device.</summary>
    public Firmware.Core.Platform.IMessageTransport Transport => _transport;

    public byte[] EventKey { get; private init; } = [];

    public static async Task<UploadingDevice> ConnectAsync(TestFleet fleet, string deviceId, int brokerPort, UploaderOptions? uploaderOptions = null)
    {
        var key = fleet.EventKey(deviceId);
        var clock = new SimulatedClock(DateTime.UtcNow);
        var flash = new FileFlashStorage(Path.Combine(fleet.Root, "flash-" + Guid.NewGuid().ToString("N")[..8]), 4 << 20);
        var journal = new EventJournal(flash, new JournalOptions());
        var log = new SecurityEventLog(journal, new JournalOptions(), new HmacSha256MacPrimitive(), key, deviceId, 1, clock);
        log.Open();
        var transport = await MqttMessageTransport.ConnectAsync(DeviceConnection.ClientOptions(fleet, deviceId, brokerPort));
        var uploader = new EventUploader(
            journal, transport, clock, new HmacSha256MacPrimitive(), key,
            DeviceTopics.For(deviceId, DeviceTopics.Events), DeviceTopics.For(deviceId, DeviceTopics.Acks), uploaderOptions ?? new UploaderOptions());
        uploader.Start();
        return new UploadingDevice(deviceId, journal, log, transport, clock, uploader) { EventKey = key };
    }

    /// <summary>Records <paramref name="count"/> heartbeats; returns their sequences.</summary>
    public List<long> RecordHeartbeats(int count) => [.. Enumerable.Range(0, count).Select(_ => Log.RecordHeartbeat(100_000))];

    /// <summary>Polls the uploader (advancing device time with real time) until the host acknowledged everything.</summary>
    public async Task<bool> UploadAllAsync(TimeSpan timeout)
    {
        var step = TimeSpan.FromMilliseconds(20);
        for (var waited = TimeSpan.Zero; waited < timeout; waited += step)
        {
            if (Journal.CountUnacknowledged() == 0)
            {
                return true;
            }

            Uploader.Poll();
            await Task.Delay(step);
            _clock.Advance(step);
        }

        return Journal.CountUnacknowledged() == 0;
    }

    public ValueTask DisposeAsync() => _transport.DisposeAsync();
}
