using System;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Time;

namespace EdgeSecurity.Firmware.Core.Install
{
    /// <summary>
    /// Writes a signed bundle into the inactive slot, chunk by chunk (docs/boot.md, "install"):
    /// <see cref="BeginInstall"/> verifies the signed manifest first; <see cref="WriteChunk(int, int, byte[])"/>
    /// checks each chunk against the manifest before writing it; <see cref="Complete"/> re-verifies the whole
    /// slot and only then marks it as the pending trial. The confirmed slot and the running slot are never
    /// written. An interrupted install resumes: the same manifest keeps the chunks already durably present.
    /// </summary>
    public sealed class BundleInstaller
    {
        private readonly IFlashStorage _storage;
        private readonly BootStateStore _state;
        private readonly InstalledTrustRoot _trustRoot;
        private readonly BundleVerifier _bundles;
        private readonly IClock _clock;
        private readonly string _hardwareClass;
        private readonly int _runningSlot;
        private Manifest _manifest;
        private int _target = BootSlot.None;
        private byte[][] _presentAtBegin;

        /// <param name="runningSlot">The slot this boot runs (<see cref="BootDecision.Slot"/>; <see cref="BootSlot.None"/> in safe mode).</param>
        public BundleInstaller(IFlashStorage storage, BootStateStore state, InstalledTrustRoot trustRoot, BundleVerifier bundles, IClock clock, string hardwareClass, int runningSlot)
        {
            if (storage == null || state == null || trustRoot == null || bundles == null || clock == null || hardwareClass == null)
            {
                throw new ArgumentNullException(storage == null ? "storage" : state == null ? "state" : trustRoot == null ? "trustRoot" : bundles == null ? "bundles" : clock == null ? "clock" : "hardwareClass");
            }

            _storage = storage;
            _state = state;
            _trustRoot = trustRoot;
            _bundles = bundles;
            _clock = clock;
            _hardwareClass = hardwareClass;
            _runningSlot = runningSlot;
            TrialAttempts = BootManager.DefaultTrialAttempts;
        }

        /// <summary>Trial boots granted by <see cref="Complete"/> (at least 2, so a power cut during the confirmation cannot cost the bundle).</summary>
        public int TrialAttempts { get; set; }

        /// <summary>The slot an install writes: the one that does not hold the confirmed bundle.</summary>
        public int TargetSlot
        {
            get { return BootSlot.Other(_state.Current.ConfirmedSlot); }
        }

        /// <summary>The manifest accepted by <see cref="BeginInstall"/>, or null.</summary>
        public Manifest Manifest
        {
            get { return _manifest; }
        }

        /// <summary>
        /// Verifies <paramref name="signedManifestBytes"/> (signatures, hardware class, counter against the
        /// confirmed counter, expiry by a trusted clock) and prepares the inactive slot. Nothing changes when
        /// refused. The same manifest as the one already in the slot resumes an interrupted install.
        /// </summary>
        public InstallResult BeginInstall(byte[] signedManifestBytes)
        {
            _manifest = null;
            int target = TargetSlot;
            if (signedManifestBytes == null || signedManifestBytes.Length == 0 || signedManifestBytes.Length > SignedManifest.MaxEncodedLength)
            {
                return InstallResult.Refused(InstallFailure.Malformed, "signed manifest must be 1.." + SignedManifest.MaxEncodedLength.ToString() + " bytes", target);
            }

            if (!_trustRoot.IsUsable)
            {
                return InstallResult.Refused(InstallFailure.TrustRootUnavailable, _trustRoot.Problem, target);
            }

            SignedManifest signed;
            try
            {
                signed = SignedManifest.Parse(signedManifestBytes);
            }
            catch (MalformedDataException e)
            {
                return InstallResult.Refused(InstallFailure.Malformed, e.Message, target);
            }

            BootState state = _state.Current;
            BundleVerification check = _bundles.VerifyManifest(signed, _trustRoot.Root.Root, _hardwareClass, state.ConfirmedCounter, NowOrNotChecked());
            if (!check.IsValid)
            {
                return InstallResult.RefusedByVerifier(check, target);
            }

            if (target == _runningSlot)
            {
                return InstallResult.Refused(InstallFailure.TargetSlotRunning, "slot " + BootSlot.Name(target) + " runs a trial: confirm or roll it back before installing", target);
            }

            long needed = signedManifestBytes.Length + signed.Manifest.TotalComponentSize();
            long available = (long)_storage.FreeBytes + BytesUsedBy(target);
            if (needed > available)
            {
                return InstallResult.Refused(InstallFailure.InsufficientSpace, "bundle needs " + needed.ToString() + " bytes, slot " + BootSlot.Name(target) + " can have " + available.ToString(), target);
            }

            // From here on the target slot changes: it must not stay the pending trial meanwhile, and its
            // record must not vouch for a bundle that is being overwritten (one save, before any write).
            string manifestFile = BootSlot.ManifestFile(target);
            bool sameManifest = SameBytes(SmallFile.ReadAll(_storage, manifestFile, SignedManifest.MaxEncodedLength), signedManifestBytes);
            if (state.TrialSlot == target || (!sameManifest && state.GetStatus(target) != SlotStatus.Empty))
            {
                if (state.TrialSlot == target)
                {
                    state.TrialSlot = BootSlot.None;
                    state.TrialAttemptsLeft = 0;
                }

                if (!sameManifest || state.GetStatus(target) == SlotStatus.Pending)
                {
                    state.SetSlot(target, SlotStatus.Empty, null);
                }

                _state.Save(state);
            }

            if (!sameManifest)
            {
                PrepareEmptySlot(target, signedManifestBytes, signed.Manifest);
            }

            _manifest = signed.Manifest;
            _target = target;
            return InstallResult.Accepted(check.Message + "; installing into slot " + BootSlot.Name(target), target, ScanPresentChunks());
        }

        public InstallResult WriteChunk(int componentIndex, int chunkIndex, byte[] data)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            return WriteChunk(componentIndex, chunkIndex, data, 0, data.Length);
        }

        /// <summary>Verifies one chunk against the accepted manifest and, only if it matches, writes it durably.</summary>
        public InstallResult WriteChunk(int componentIndex, int chunkIndex, byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (_manifest == null)
            {
                return InstallResult.Refused(InstallFailure.NotStarted, "no accepted BeginInstall", TargetSlot);
            }

            if (componentIndex < 0 || componentIndex >= _manifest.ComponentCount)
            {
                return InstallResult.Refused(InstallFailure.ChunkOutOfRange, "the manifest has no component " + componentIndex.ToString(), _target);
            }

            if (offset < 0 || count < 0 || offset + count > data.Length)
            {
                return InstallResult.Refused(InstallFailure.ChunkOutOfRange, "offset and count exceed the buffer", _target);
            }

            ComponentEntry component = _manifest.GetComponent(componentIndex);
            BundleVerification check = _bundles.VerifyChunk(component, chunkIndex, data, offset, count);
            if (!check.IsValid)
            {
                return InstallResult.RefusedByVerifier(check, _target);
            }

            string file = BootSlot.ComponentFile(_target, componentIndex);
            _storage.Write(file, chunkIndex * component.ChunkSize, data, offset, count);
            _storage.Flush(file);
            return InstallResult.Accepted(check.Message, _target, -1);
        }

        /// <summary>True when the chunk is durably in the slot and matches its digest.</summary>
        public bool IsChunkPresent(int componentIndex, int chunkIndex)
        {
            RequireStarted();
            ComponentEntry component = _manifest.GetComponent(componentIndex);
            string file = BootSlot.ComponentFile(_target, componentIndex);
            int length = component.GetChunkLength(chunkIndex);
            int start = chunkIndex * component.ChunkSize;
            if (_storage.GetLength(file) < start + length)
            {
                return false;
            }

            byte[] buffer = new byte[length];
            int done = 0;
            while (done < length)
            {
                int read = _storage.Read(file, start + done, buffer, done, length - done);
                if (read <= 0)
                {
                    return false;
                }

                done += read;
            }

            return _bundles.VerifyChunk(component, chunkIndex, buffer, 0, length).IsValid;
        }

        /// <summary>The first chunk still missing, in manifest order; false when every chunk is present.</summary>
        public bool FindMissingChunk(out int componentIndex, out int chunkIndex)
        {
            RequireStarted();
            for (componentIndex = 0; componentIndex < _manifest.ComponentCount; componentIndex++)
            {
                int chunks = _manifest.GetComponent(componentIndex).ChunkCount;
                for (chunkIndex = 0; chunkIndex < chunks; chunkIndex++)
                {
                    if (!IsChunkPresent(componentIndex, chunkIndex))
                    {
                        return true;
                    }
                }
            }

            componentIndex = -1;
            chunkIndex = -1;
            return false;
        }

        /// <summary>
        /// Whether the chunk was durably present and matched its digest when <see cref="BeginInstall"/> accepted
        /// the manifest: a resume reuses that one scan instead of hashing every chunk on flash again.
        /// </summary>
        public bool WasPresentAtBegin(int componentIndex, int chunkIndex)
        {
            RequireStarted();
            return (_presentAtBegin[componentIndex][chunkIndex >> 3] & (1 << (chunkIndex & 7))) != 0;
        }

        public int CountMissingChunks()
        {
            RequireStarted();
            int missing = 0;
            for (int i = 0; i < _manifest.ComponentCount; i++)
            {
                for (int j = 0; j < _manifest.GetComponent(i).ChunkCount; j++)
                {
                    if (!IsChunkPresent(i, j))
                    {
                        missing++;
                    }
                }
            }

            return missing;
        }

        /// <summary>
        /// Verifies the whole written slot as a boot would and, only if it passes, makes it the pending trial
        /// (its record <see cref="SlotStatus.Pending"/>, bound to this signed manifest) in one durable step. Installing a verified bundle also ends runtime containment (docs/boot.md).
        /// </summary>
        public InstallResult Complete()
        {
            if (_manifest == null)
            {
                return InstallResult.Refused(InstallFailure.NotStarted, "no accepted BeginInstall", TargetSlot);
            }

            // One full hash of the slot on the common path: the chunk scan that tells "incomplete" from
            // "corrupt" runs only when verification failed.
            BootState next = _state.Current;
            SlotVerification slot = new SignedSlotVerifier(_storage, _trustRoot, _bundles, _hardwareClass).Verify(_target, next.ConfirmedCounter);
            if (!slot.IsValid)
            {
                int missing = CountMissingChunks();
                return missing > 0
                    ? InstallResult.Refused(InstallFailure.Incomplete, missing.ToString() + " chunk(s) still missing in slot " + BootSlot.Name(_target), _target)
                    : InstallResult.Refused(InstallFailure.SlotVerificationFailed, slot.ToString(), _target);
            }

            next.SetSlot(_target, SlotStatus.Pending, ManifestDigest.Of(slot.SignedManifestBytes));
            next.TrialSlot = _target;
            next.TrialAttemptsLeft = TrialAttempts < 2 ? 2 : (TrialAttempts > BootState.MaxTrialAttempts ? BootState.MaxTrialAttempts : TrialAttempts);
            next.Containment = Integrity.ContainmentState.None;
            next.ContainmentReason = 0;
            _state.Save(next);
            return InstallResult.Accepted("bundle " + slot.Version + " installed in slot " + BootSlot.Name(_target) + ", pending trial", _target, 0);
        }

        /// <summary>Installs a bundle container file from storage through the same chunk path (resuming as needed).</summary>
        public InstallResult InstallFromContainer(string bundleFileName)
        {
            BundleContainer container;
            try
            {
                container = BundleContainer.Open(_storage, bundleFileName);
            }
            catch (MalformedDataException e)
            {
                return InstallResult.Refused(InstallFailure.Malformed, "bundle file " + bundleFileName + ": " + e.Message, TargetSlot);
            }

            byte[] signedManifest = ReadRange(bundleFileName, BundleContainer.PrefixLength, container.HeaderLength - BundleContainer.PrefixLength);
            InstallResult begun = BeginInstall(signedManifest);
            if (!begun.IsAccepted)
            {
                return begun;
            }

            for (int i = 0; i < _manifest.ComponentCount; i++)
            {
                ComponentEntry component = _manifest.GetComponent(i);
                for (int j = 0; j < component.ChunkCount; j++)
                {
                    if (IsChunkPresent(i, j))
                    {
                        continue;
                    }

                    byte[] chunk = ReadRange(bundleFileName, container.GetComponentOffset(i) + (j * component.ChunkSize), component.GetChunkLength(j));
                    InstallResult written = WriteChunk(i, j, chunk);
                    if (!written.IsAccepted)
                    {
                        return written;
                    }
                }
            }

            return Complete();
        }

        /// <summary>Checks every chunk of the accepted manifest on flash once; returns how many are missing.</summary>
        private int ScanPresentChunks()
        {
            _presentAtBegin = new byte[_manifest.ComponentCount][];
            int missing = 0;
            for (int i = 0; i < _manifest.ComponentCount; i++)
            {
                int chunks = _manifest.GetComponent(i).ChunkCount;
                _presentAtBegin[i] = new byte[(chunks + 7) / 8];
                for (int j = 0; j < chunks; j++)
                {
                    if (IsChunkPresent(i, j))
                    {
                        _presentAtBegin[i][j >> 3] |= (byte)(1 << (j & 7));
                    }
                    else
                    {
                        missing++;
                    }
                }
            }

            return missing;
        }

        private void PrepareEmptySlot(int target, byte[] signedManifestBytes, Manifest manifest)
        {
            // The old manifest goes first (a slot without one is never a boot candidate), then the old
            // components; the new manifest is written last, so a resume is keyed on it.
            string manifestFile = BootSlot.ManifestFile(target);
            _storage.Delete(manifestFile);
            string[] old = _storage.List(BootSlot.Directory(target));
            for (int i = 0; i < old.Length; i++)
            {
                _storage.Delete(old[i]);
            }

            for (int i = 0; i < manifest.ComponentCount; i++)
            {
                if (manifest.GetComponent(i).Size == 0)
                {
                    string file = BootSlot.ComponentFile(target, i);
                    _storage.SetLength(file, 0);
                    _storage.Flush(file);
                }
            }

            _storage.Write(manifestFile, 0, signedManifestBytes, 0, signedManifestBytes.Length);
            _storage.Flush(manifestFile);
        }

        private long BytesUsedBy(int slot)
        {
            string[] files = _storage.List(BootSlot.Directory(slot));
            long used = 0;
            for (int i = 0; i < files.Length; i++)
            {
                int length = _storage.GetLength(files[i]);
                used += length > 0 ? length : 0;
            }

            return used;
        }

        private byte[] ReadRange(string file, int position, int count)
        {
            byte[] buffer = new byte[count];
            int done = 0;
            while (done < count)
            {
                int read = _storage.Read(file, position + done, buffer, done, count - done);
                if (read <= 0)
                {
                    throw new InvalidOperationException("bundle file " + file + " ended while reading; it changed during the install");
                }

                done += read;
            }

            return buffer;
        }

        private long NowOrNotChecked()
        {
            if (!_clock.IsWallClockTrusted)
            {
                return BundleVerifier.ExpiryNotChecked;
            }

            return UnixTime.Seconds(_clock.UtcNow);
        }

        private void RequireStarted()
        {
            if (_manifest == null)
            {
                throw new InvalidOperationException("No install in progress: call BeginInstall first.");
            }
        }

        private static bool SameBytes(byte[] a, byte[] b)
        {
            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
