using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Attestation;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Storage.Sql;

namespace EdgeSecurity.Host.Attestation;

/// <summary>
/// How an attested state compares with what the device's MAC chain already told the host (docs/attestation.md,
/// "Binding to the chain"). Pure: the caller reads the chain head, the stored record at the attested head and the
/// newest boot record, and acts on the verdict.
/// </summary>
public static class ChainBinding
{
    /// <summary>The journal-head check: <see cref="ChainCheckNames"/> value, or a contradiction (detail set).</summary>
    public static (string? ChainCheck, string? Contradiction) CheckHead(AttestationEvidence evidence, ChainHead? head, SecurityEventRecord? storedAtAttestedHead)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        long hostHead = head?.Sequence ?? 0;
        long attested = evidence.JournalHeadSequence;
        if (attested > hostHead)
        {
            return (ChainCheckNames.Pending, null);
        }

        if (attested == hostHead)
        {
            byte[] expected = head?.Mac ?? EventChain.Genesis();
            return CryptographicOperations.FixedTimeEquals(expected, evidence.JournalHeadMac)
                ? (ChainCheckNames.Consistent, null)
                : (null, $"the attested journal head {attested} has another MAC than the record the host stored at that sequence");
        }

        // The device's head only grows and the host stores only what the device sent: a head behind the host's
        // means the journal was rolled back, cloned or wiped, or the answer was built from an old state.
        string stored = storedAtAttestedHead is null ? "" : CryptographicOperations.FixedTimeEquals(storedAtAttestedHead.Mac, evidence.JournalHeadMac)
            ? " (the record at the attested head matches: records after it are missing on the device)"
            : " (and the record at the attested head differs)";
        return (null, $"the attested journal head {attested} is behind the chain the host stored (head {hostHead}){stored}");
    }

    /// <summary>A deferred head check, once the host's chain reached the attested sequence.</summary>
    public static (string? ChainCheck, string? Contradiction) SettleDeferred(long attestedSequence, byte[] attestedMac, SecurityEventRecord? stored)
    {
        ArgumentNullException.ThrowIfNull(attestedMac);
        if (stored is null)
        {
            return (ChainCheckNames.Unresolved, null);
        }

        return CryptographicOperations.FixedTimeEquals(stored.Mac, attestedMac)
            ? (ChainCheckNames.Consistent, null)
            : (null, $"the record the device later sent at its attested journal head {attestedSequence} has another MAC than the one attested");
    }

    /// <summary>
    /// The boot check: for the boot the answer names, the running slot and security counter must be those of that
    /// boot's boot-verification record (the newest one the host holds); an answer naming a boot older than that
    /// record contradicts it. No verdict (null) when the host has no boot record of that boot yet.
    /// </summary>
    public static string? CheckBoot(AttestationEvidence evidence, SecurityEventRecord? newestBootRecord)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (newestBootRecord is null || newestBootRecord.BootCounter < evidence.BootCount)
        {
            return null;
        }

        if (newestBootRecord.BootCounter > evidence.BootCount)
        {
            return $"the answer names boot {evidence.BootCount} but the chain already holds the boot record of boot {newestBootRecord.BootCounter}";
        }

        string slot = BootSlot.Name(evidence.RunningSlot);
        string? recordedSlot = StoredEventFields.Text(newestBootRecord.FieldsJson, EventFieldIds.Boot.Slot);
        long? recordedCounter = StoredEventFields.Number(newestBootRecord.FieldsJson, EventFieldIds.Boot.SecurityCounter);
        if (recordedSlot != slot || recordedCounter != evidence.BundleCounter)
        {
            return $"boot {evidence.BootCount}: attested slot {slot} counter {evidence.BundleCounter}, but the boot record says slot {recordedSlot} counter {recordedCounter}";
        }

        return null;
    }
}
