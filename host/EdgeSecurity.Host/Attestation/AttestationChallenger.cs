using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Attestation;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Ota.Delivery;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Attestation;

/// <summary>
/// Sends one challenge: a fresh random nonce, recorded (single use, with its deadline) before it is published on
/// the device's command leaf, so an answer can never arrive for a nonce the store does not know. Host → device
/// messages go through the host's device publisher (the OTA connection on mosquitto, the topic exchange on RabbitMQ).
/// </summary>
public sealed class AttestationChallenger(ITelemetryStore store, IOtaPublisher publisher, TimeProvider time, IOptions<EdgeSecurityHostOptions> options)
{
    public async Task<AttestationChallenge> ChallengeAsync(string deviceId, CancellationToken cancellationToken)
    {
        var settings = options.Value.Attestation;
        byte[] nonce = RandomNumberGenerator.GetBytes(AttestationChallengeCodec.NonceBytes);
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var challenge = new AttestationChallenge(Convert.ToHexStringLower(nonce), deviceId, now, now + (long)settings.Deadline.TotalMilliseconds);
        await store.Attestation.IssueChallengeAsync(challenge, now + NextIntervalMs(settings), cancellationToken).ConfigureAwait(false);
        await publisher.PublishAsync(deviceId, DeviceTopics.Commands, AttestationChallengeCodec.Encode(nonce), cancellationToken).ConfigureAwait(false);
        return challenge;
    }

    // Interval ± jitter × interval, uniformly.
    private static long NextIntervalMs(AttestationOptions settings)
    {
        double interval = settings.Interval.TotalMilliseconds;
        double jitter = Math.Clamp(settings.Jitter, 0, 1) * interval;
        return (long)Math.Max(1, interval + ((Random.Shared.NextDouble() * 2) - 1) * jitter);
    }
}
