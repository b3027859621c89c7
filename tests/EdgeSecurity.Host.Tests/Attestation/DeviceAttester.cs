using EdgeSecurity.Firmware.Core.Attestation;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Host.Tests.Attestation;

/// <summary>
/// The core's attestation responder on an uploading device's real MQTT session: it answers the host's challenges
/// with the device's real journal head and a fixed boot state, and keeps every answer it published (what an
/// eavesdropper with the device's certificate could capture and replay).
/// </summary>
internal sealed class DeviceAttester : IPostureSource
{
    private readonly UploadingDevice _device;
    private readonly CapturingTransport _capture;

    public DeviceAttester(UploadingDevice device)
    {
        _device = device;
        _capture = new CapturingTransport(device.Transport);
        Responder = new AttestationResponder(new HmacSha256MacPrimitive(), device.EventKey, 0, device.DeviceId, _capture, DeviceTopics.For(device.DeviceId, DeviceTopics.CommandResults), this);
        Responder.Start(DeviceTopics.For(device.DeviceId, DeviceTopics.Commands));
    }

    public AttestationResponder Responder { get; }

    public IReadOnlyList<byte[]> Answers => _capture.Published;

    /// <summary>Answers the next challenge that arrives within <paramref name="timeout"/>; returns the answer.</summary>
    public async Task<byte[]> AnswerNextAsync(TimeSpan timeout)
    {
        int before = Responder.AnswersSent;
        for (var waited = TimeSpan.Zero; waited < timeout; waited += TimeSpan.FromMilliseconds(20))
        {
            Responder.Poll();
            if (Responder.AnswersSent > before)
            {
                return _capture.Published[^1];
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{_device.DeviceId} received no challenge within {timeout}");
    }

    /// <summary>Waits until a challenge arrived and waits for <see cref="AnswerNextAsync"/>, and the session is up.</summary>
    public async Task WaitForChallengeAsync(TimeSpan timeout)
    {
        for (var waited = TimeSpan.Zero; waited < timeout; waited += TimeSpan.FromMilliseconds(20))
        {
            if (Responder.HasPendingChallenge && _capture.IsConnected)
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{_device.DeviceId} received no challenge within {timeout}");
    }

    /// <summary>Waits until the device's session is up again (a client with its certificate takes the session over).</summary>
    public async Task WaitConnectedAsync(TimeSpan timeout)
    {
        for (var waited = TimeSpan.Zero; waited < timeout && !_capture.IsConnected; waited += TimeSpan.FromMilliseconds(20))
        {
            await Task.Delay(20);
        }
    }

    public AttestationEvidence CapturePosture() => Evidence(_device);

    /// <summary>A confirmed boot 1 from slot A with counter 3 and the device's real journal head.</summary>
    public static AttestationEvidence Evidence(UploadingDevice device)
    {
        byte[] mac = device.Journal.ReadHead(out long head);
        return new AttestationEvidence
        {
            BootCount = 1,
            BootMode = 1,
            RunningSlot = 1,
            IsTrial = false,
            BundleDigest = Enumerable.Repeat((byte)0x5A, AttestationEvidence.BundleDigestBytes).ToArray(),
            BundleCounter = 3,
            ConfirmedCounter = 3,
            Containment = 0,
            IntegrityResult = 1,
            IntegrityCheckedAtUptimeMs = 10,
            JournalHeadSequence = head,
            JournalHeadMac = mac,
            UptimeMs = 1000,
        };
    }

    private sealed class CapturingTransport(Firmware.Core.Platform.IMessageTransport inner) : Firmware.Core.Platform.IMessageTransport
    {
        public List<byte[]> Published { get; } = [];

        public bool IsConnected => inner.IsConnected;

        public bool Publish(string topic, byte[] payload)
        {
            bool taken = inner.Publish(topic, payload);
            if (taken)
            {
                Published.Add(payload);
            }

            return taken;
        }

        public void Subscribe(string topic, Firmware.Core.Platform.IMessageReceiver receiver) => inner.Subscribe(topic, receiver);
    }
}
