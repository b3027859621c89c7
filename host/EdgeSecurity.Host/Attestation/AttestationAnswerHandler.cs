using EdgeSecurity.Firmware.Core.Attestation;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Devices;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Attestation;

/// <summary>
/// Verifies one answer from a device's command-result leaf (docs/attestation.md, "Verification") in this order:
/// structure, device id equal to the topic's, key epoch equal to the device's current one, MAC, then the nonce
/// (so a forged answer cannot use up a nonce), then the binding to the chain. Only a fresh, authentic answer
/// that contradicts nothing changes the stored posture; every other outcome raises its alert and keeps the
/// last verified posture as it was. Failures are counted through the ingest's <see cref="RejectionRecorder"/> (reason
/// <c>attestation-{problem}</c>): per device and problem only a window's first failure is written to the device's state
/// and alert and logged, the others of the window are one counted row, so a hostile device's flood of answers costs a
/// bounded number of writes and feeds the rejection-flood rule like any other flood.
/// </summary>
public sealed partial class AttestationAnswerHandler(
    ITelemetryStore store, DeviceKeyCache keys, AlertEngine alerts, RejectionRecorder rejections, TimeProvider time, ILogger<AttestationAnswerHandler> logger)
{
    public async Task HandleAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!DeviceTopics.TryGetDeviceId(topic, DeviceTopics.CommandResults, out string deviceId))
        {
            LogNotAnAnswerTopic(topic);
            return;
        }

        byte[] bytes = payload.ToArray();
        AttestationAnswer answer;
        try
        {
            answer = AttestationAnswerCodec.Decode(bytes);
        }
        catch (MalformedDataException e)
        {
            await FailAsync(deviceId, bytes.Length, AttestationProblem.Invalid, "malformed answer: " + e.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (answer.DeviceId != deviceId)
        {
            await FailAsync(deviceId, bytes.Length, AttestationProblem.Invalid, $"the answer names device '{answer.DeviceId}', not the device that published it", cancellationToken).ConfigureAwait(false);
            return;
        }

        // Only the current key attests: whoever kept a replaced key (a leaked package) cannot prove anything.
        var currentEpoch = keys.CurrentEpoch(deviceId);
        byte[]? key = currentEpoch == answer.KeyEpoch ? keys.Find(deviceId, (ushort)answer.KeyEpoch) : null;
        if (key is null)
        {
            await FailAsync(deviceId, bytes.Length, AttestationProblem.Invalid, $"the answer names key epoch {answer.KeyEpoch}, the device's current epoch is {currentEpoch?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!AttestationAnswerCodec.IsAuthentic(IngestMac.Instance, key, bytes))
        {
            await FailAsync(deviceId, bytes.Length, AttestationProblem.Invalid, "the answer's MAC does not verify under the device's event key", cancellationToken).ConfigureAwait(false);
            return;
        }

        string nonce = Convert.ToHexStringLower(answer.Nonce);
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var redemption = await store.Attestation.RedeemChallengeAsync(deviceId, nonce, now, cancellationToken).ConfigureAwait(false);
        switch (redemption)
        {
            case ChallengeRedemption.Fresh:
                break;
            case ChallengeRedemption.Expired:
                await FailAsync(deviceId, bytes.Length, AttestationProblem.Late, $"answer to nonce {Short(nonce)} arrived after its deadline", cancellationToken, AttestationStates.Late).ConfigureAwait(false);
                return;
            default:
                await FailAsync(deviceId, bytes.Length, AttestationProblem.Replayed, $"authentic answer with nonce {Short(nonce)}: {Describe(redemption)}", cancellationToken).ConfigureAwait(false);
                return;
        }

        await AcceptAsync(deviceId, bytes.Length, answer, now, cancellationToken).ConfigureAwait(false);
    }

    private async Task AcceptAsync(string deviceId, int payloadBytes, AttestationAnswer answer, long now, CancellationToken cancellationToken)
    {
        var evidence = answer.Evidence;
        var head = await store.GetChainHeadAsync(deviceId, cancellationToken).ConfigureAwait(false);
        var storedAtHead = head is not null && evidence.JournalHeadSequence < head.Sequence
            ? await store.GetEventAsync(deviceId, evidence.JournalHeadSequence, cancellationToken).ConfigureAwait(false)
            : null;
        var (chainCheck, contradiction) = ChainBinding.CheckHead(evidence, head, storedAtHead);
        if (contradiction is null)
        {
            var boots = await store.QueryEventsAsync(new EventQuery(DeviceId: deviceId, Type: EventTypes.BootVerification, Limit: 1), cancellationToken).ConfigureAwait(false);
            contradiction = ChainBinding.CheckBoot(evidence, boots.Items.FirstOrDefault());
        }

        if (contradiction is not null)
        {
            await FailAsync(deviceId, payloadBytes, AttestationProblem.Contradiction, contradiction, cancellationToken, AttestationStates.Contradiction).ConfigureAwait(false);
            return;
        }

        await store.Attestation.RecordVerifiedAsync(deviceId, Posture(answer), chainCheck!, now, cancellationToken).ConfigureAwait(false);
        await rejections.EndWindowsAsync(deviceId, RejectionReasons.AttestationPrefix, cancellationToken).ConfigureAwait(false);
        LogVerified(deviceId, evidence.JournalHeadSequence, chainCheck!);
    }

    private async Task FailAsync(string deviceId, int payloadBytes, AttestationProblem problem, string detail, CancellationToken cancellationToken, string state = AttestationStates.Failed)
    {
        if (!await rejections.RecordAsync(deviceId, RejectionReasons.Attestation(problem), payloadBytes, cancellationToken).ConfigureAwait(false))
        {
            return; // Counted: the window's first failure of this problem already set the state and raised the alert.
        }

        LogFailed(deviceId, problem, detail);
        if (await store.GetDeviceAsync(deviceId, cancellationToken).ConfigureAwait(false) is null)
        {
            return; // Not enrolled here: nothing to record against (the broker admits only enrolled devices).
        }

        await store.Attestation.RecordOutcomeAsync(deviceId, state, detail, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        await alerts.OnAttestationProblemAsync(deviceId, problem, detail, cancellationToken).ConfigureAwait(false);
    }

    internal static AttestedPosture Posture(AttestationAnswer answer)
    {
        var e = answer.Evidence;
        return new AttestedPosture(
            answer.KeyEpoch, e.BootCount, e.BootMode, e.RunningSlot, e.IsTrial, Convert.ToHexStringLower(e.BundleDigest), e.BundleCounter, e.ConfirmedCounter,
            e.Containment, e.IntegrityResult, e.JournalHeadSequence, Convert.ToHexStringLower(e.JournalHeadMac), e.UptimeMs);
    }

    private static string Short(string nonceHex) => nonceHex[..8] + "…";

    private static string Describe(ChallengeRedemption redemption) => redemption switch
    {
        ChallengeRedemption.Unknown => "the host never issued this nonce",
        ChallengeRedemption.AlreadyUsed => "this nonce was already answered",
        ChallengeRedemption.OtherDevice => "this nonce was issued to another device",
        _ => redemption.ToString(),
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a message on {Topic}: not a device's command-result topic")]
    private partial void LogNotAnAnswerTopic(string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId} proved its posture (journal head {HeadSequence}, chain check {ChainCheck})")]
    private partial void LogVerified(string deviceId, long headSequence, string chainCheck);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attestation of device {DeviceId} failed ({Problem}): {Detail}")]
    private partial void LogFailed(string deviceId, AttestationProblem problem, string detail);
}
