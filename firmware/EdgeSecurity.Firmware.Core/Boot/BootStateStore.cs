using System;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>
    /// Keeps the boot state in two alternating copies (docs/boot.md, "power loss"). A save writes the
    /// whole record into the copy that does not hold the current state and flushes it: one durable
    /// step. A torn save leaves a record whose CRC fails, so the other copy, the previous state, is
    /// read. The anti-rollback counter therefore never reads lower than a value once saved.
    /// </summary>
    public sealed class BootStateStore
    {
        private readonly IFlashStorage _storage;
        private BootState _current;
        private bool _found;
        private int _format;

        public BootStateStore(IFlashStorage storage)
        {
            if (storage == null)
            {
                throw new ArgumentNullException("storage");
            }

            _storage = storage;
            Reload();
        }

        /// <summary>False when no valid copy was found: a blank (or wiped) device, reported by the boot manager.</summary>
        public bool WasFound
        {
            get { return _found; }
        }

        /// <summary>
        /// The record format the current state was read from (0 when none was found). A format-1 state was
        /// migrated in memory and is written as format 2 by the next save.
        /// </summary>
        public int FormatRead
        {
            get { return _format; }
        }

        /// <summary>A copy of the current state; change it and pass it to <see cref="Save"/>.</summary>
        public BootState Current
        {
            get { return _current.Copy(); }
        }

        /// <summary>Re-reads both copies from storage.</summary>
        public void Reload()
        {
            int firstFormat;
            int secondFormat;
            BootState first = ReadCopy(StorageLayout.BootStateCopy0, out firstFormat);
            BootState second = ReadCopy(StorageLayout.BootStateCopy1, out secondFormat);
            _found = first != null || second != null;
            if (first == null || (second != null && second.Sequence > first.Sequence))
            {
                _current = second;
                _format = secondFormat;
            }
            else
            {
                _current = first;
                _format = firstFormat;
            }

            if (_current == null)
            {
                _current = new BootState();
            }
            else if (_format == BootStateCodec.Format1)
            {
                AdoptSlotsOfFormat1(_current);
            }
        }

        /// <summary>
        /// Durably replaces the state with <paramref name="next"/>. Refuses a lower anti-rollback counter
        /// than the stored one: that would be a bug in the caller, and an unrecoverable security one.
        /// </summary>
        public void Save(BootState next)
        {
            if (next == null)
            {
                throw new ArgumentNullException("next");
            }

            if (next.ConfirmedCounter < _current.ConfirmedCounter)
            {
                throw new InvalidOperationException("Refusing to lower the confirmed anti-rollback counter from " + _current.ConfirmedCounter.ToString() + " to " + next.ConfirmedCounter.ToString() + ".");
            }

            if (next.TrialAttemptsLeft < 0 || next.TrialAttemptsLeft > BootState.MaxTrialAttempts)
            {
                throw new ArgumentOutOfRangeException("next", "Trial attempts must be between 0 and " + BootState.MaxTrialAttempts.ToString() + ".");
            }

            BootState toWrite = next.Copy();
            toWrite.Sequence = _current.Sequence + 1;
            string target = (toWrite.Sequence & 1) == 0 ? StorageLayout.BootStateCopy0 : StorageLayout.BootStateCopy1;
            byte[] record = BootStateCodec.Encode(toWrite);
            if (_storage.GetLength(target) > record.Length)
            {
                _storage.SetLength(target, record.Length);
            }

            _storage.Write(target, 0, record, 0, record.Length);
            _storage.Flush(target);
            _current = toWrite;
            _found = true;
        }

        /// <summary>
        /// Format 1 had no slot records. The slots it names adopt the signed manifests they hold now: the
        /// confirmed slot as confirmed, the trial slot as pending (both are still fully verified before they
        /// run). The other slot stays empty: format 1 cannot tell an older confirmed bundle from a rejected
        /// one, so a migrated device has no fallback until its next confirmation (decision 81).
        /// </summary>
        private void AdoptSlotsOfFormat1(BootState state)
        {
            Adopt(state, state.ConfirmedSlot, SlotStatus.Confirmed);
            Adopt(state, state.TrialSlot, SlotStatus.Pending);
        }

        private void Adopt(BootState state, int slot, SlotStatus status)
        {
            if (!BootSlot.IsSlot(slot))
            {
                return;
            }

            byte[] manifest = SmallFile.ReadAll(_storage, BootSlot.ManifestFile(slot), Bundles.SignedManifest.MaxEncodedLength);
            if (manifest != null)
            {
                state.SetSlot(slot, status, ManifestDigest.Of(manifest));
            }
        }

        private BootState ReadCopy(string name, out int format)
        {
            format = 0;
            int length = _storage.GetLength(name);
            if (length != BootStateCodec.RecordLength && length != BootStateCodec.Format1RecordLength)
            {
                return null;
            }

            byte[] record = new byte[length];
            int read = _storage.Read(name, 0, record, 0, record.Length);
            return BootStateCodec.TryDecode(record, read, out format);
        }
    }
}
