using System;
using System.Collections;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// One accepted bundle being fetched into the inactive slot (docs/ota.md, "download"): requests chunks
    /// through a <see cref="ChunkSchedule"/>, writes only chunks that were requested, have the manifest's
    /// length and match its signed digest (<see cref="BundleInstaller.WriteChunk(int, int, byte[])"/>), re-requests
    /// on timeout or digest failure (bounded), pauses when nothing verified arrives for the stall timeout and
    /// resumes later. Everything refused is counted and recorded; nothing refused is written.
    /// </summary>
    public sealed class BundleDownload
    {
        private readonly BundleInstaller _installer;
        private readonly Manifest _manifest;
        private readonly byte[] _signedManifest;
        private readonly ChunkSchedule _schedule;
        private readonly OtaReporter _reporter;
        private readonly OtaClientOptions _options;
        private readonly OtaInbox _inbox;
        private readonly ArrayList _digestFailures = new ArrayList();
        private long _lastProgressMs;
        private long _resumeAtMs;
        private bool _paused;
        private int _lastReportedProgress;

        /// <summary>Starts on an installer whose <c>BeginInstall</c> accepted <paramref name="signedManifest"/> just now.</summary>
        /// <param name="inbox">Where the chunks requested are announced, so others are turned away before they queue.</param>
        public BundleDownload(BundleInstaller installer, byte[] signedManifest, long campaignId, OtaReporter reporter, OtaInbox inbox, OtaClientOptions options, long nowMs)
        {
            if (installer == null || installer.Manifest == null || signedManifest == null || reporter == null || inbox == null || options == null)
            {
                throw new ArgumentException("an installer with an accepted manifest, its bytes, a reporter, the inbox and options are required");
            }

            _inbox = inbox;

            _installer = installer;
            _manifest = installer.Manifest;
            _signedManifest = signedManifest;
            _reporter = reporter;
            _options = options;
            CampaignId = campaignId;
            _schedule = new ChunkSchedule(_manifest, options.MaxChunksInFlight, options.RequestTimeoutMilliseconds);
            // Resume: BeginInstall checked the chunks already on flash against their digests once (the resume
            // cost docs/performance.md counts); only those that verified count as present.
            for (int global = 0; global < _schedule.Total; global++)
            {
                OtaChunkId id = _schedule.ToId(global);
                if (installer.WasPresentAtBegin(id.ComponentIndex, id.ChunkIndex))
                {
                    _schedule.MarkPresent(global);
                }
            }

            _lastProgressMs = nowMs;
            _lastReportedProgress = _schedule.PresentCount;
        }

        public Manifest Manifest
        {
            get { return _manifest; }
        }

        /// <summary>The campaign whose chunks are accepted (a re-offer of the same bundle may change it).</summary>
        public long CampaignId { get; set; }

        public int PresentChunks
        {
            get { return _schedule.PresentCount; }
        }

        public int TotalChunks
        {
            get { return _schedule.Total; }
        }

        public bool IsComplete
        {
            get { return _schedule.IsComplete; }
        }

        /// <summary>True when the chunk is on flash and verified against the manifest (it is never asked for again).</summary>
        public bool HasChunk(int componentIndex, int chunkIndex)
        {
            int global = _schedule.GlobalIndex(componentIndex, chunkIndex);
            return global >= 0 && _schedule.IsPresent(global);
        }

        public bool IsPaused
        {
            get { return _paused; }
        }

        /// <summary>Chunks received and not written (other campaign, unrequested, beyond the manifest, wrong length, malformed).</summary>
        public int IgnoredChunks { get; private set; }

        /// <summary>Chunks that failed their digest (tampered in transit, or from another bundle).</summary>
        public int RejectedChunks { get; private set; }

        /// <summary>Why the download failed (an <see cref="OtaReason"/>), when a step returned <see cref="DownloadStep.Failed"/>.</summary>
        public int FailureReason { get; private set; }

        public string FailureText { get; private set; }

        /// <summary>True when <paramref name="signedManifest"/> is exactly the one being downloaded.</summary>
        public bool IsFor(byte[] signedManifest)
        {
            return signedManifest != null && ConstantTime.AreEqual(signedManifest, _signedManifest);
        }

        /// <summary>Ends a pause at once (the host offered again).</summary>
        public void Resume(long nowMs)
        {
            _paused = false;
            _lastProgressMs = nowMs;
        }

        /// <summary>Handles one <c>ESOC</c> message from the chunk topic.</summary>
        public DownloadStep OnChunk(byte[] message, long nowMs)
        {
            DownloadStep step = Handle(message, nowMs);
            AnnounceExpected();
            return step;
        }

        private DownloadStep Handle(byte[] message, long nowMs)
        {
            OtaChunk chunk;
            try
            {
                chunk = OtaChunkCodec.Decode(message);
            }
            catch (MalformedDataException e)
            {
                Ignore(0, -1, -1, OtaReason.FromMalformed(e.Reason), e.Message);
                return DownloadStep.Continue;
            }

            if (chunk.CampaignId != CampaignId)
            {
                Ignore(chunk.CampaignId, chunk.ComponentIndex, chunk.ChunkIndex, OtaReason.FromOta(OtaFailure.WrongCampaign), "chunk of campaign " + chunk.CampaignId.ToString() + ", downloading " + CampaignId.ToString());
                return DownloadStep.Continue;
            }

            int global = _schedule.GlobalIndex(chunk.ComponentIndex, chunk.ChunkIndex);
            if (global < 0)
            {
                Ignore(chunk.CampaignId, chunk.ComponentIndex, chunk.ChunkIndex, OtaReason.FromOta(OtaFailure.UnexpectedChunk), "the manifest has no such chunk");
                return DownloadStep.Continue;
            }

            if (_schedule.IsPresent(global))
            {
                // A second delivery of a chunk already written (MQTT QoS 1 may deliver twice): harmless.
                return DownloadStep.Continue;
            }

            if (!_schedule.IsInFlight(global))
            {
                Ignore(chunk.CampaignId, chunk.ComponentIndex, chunk.ChunkIndex, OtaReason.FromOta(OtaFailure.UnexpectedChunk), "chunk was not requested");
                return DownloadStep.Continue;
            }

            ComponentEntry component = _manifest.GetComponent(chunk.ComponentIndex);
            int expected = component.GetChunkLength(chunk.ChunkIndex);
            if (chunk.DataLength != expected)
            {
                _schedule.Release(global);
                Ignore(chunk.CampaignId, chunk.ComponentIndex, chunk.ChunkIndex, OtaReason.FromOta(OtaFailure.UnexpectedChunk), "chunk has " + chunk.DataLength.ToString() + " bytes, the manifest says " + expected.ToString());
                return DownloadStep.Continue;
            }

            InstallResult written = _installer.WriteChunk(chunk.ComponentIndex, chunk.ChunkIndex, chunk.Data);
            if (written.IsAccepted)
            {
                _schedule.MarkPresent(global);
                _lastProgressMs = nowMs;
                ReportProgressIfDue();
                return _schedule.IsComplete ? DownloadStep.AllChunksPresent : DownloadStep.Continue;
            }

            _schedule.Release(global);
            int reason = written.VerifierFailure != BundleFailure.None ? OtaReason.FromBundle(written.VerifierFailure) : OtaReason.FromInstall(written.Failure);
            if (written.Failure != InstallFailure.ChunkDigestMismatch)
            {
                Ignore(chunk.CampaignId, chunk.ComponentIndex, chunk.ChunkIndex, reason, written.Message);
                return DownloadStep.Continue;
            }

            RejectedChunks++;
            int failures = CountDigestFailure(global);
            _reporter.Record(OtaEvents.ChunkRejected(CampaignId, _manifest.Version.ToString(), chunk.ComponentIndex, chunk.ChunkIndex, reason, written.Message));
            if (failures > _options.MaxChunkRetries)
            {
                FailureReason = OtaReason.FromOta(OtaFailure.ChunkRetriesExhausted);
                FailureText = "chunk " + chunk.ComponentIndex.ToString() + "/" + chunk.ChunkIndex.ToString() + " failed its digest " + failures.ToString() + " times";
                return DownloadStep.Failed;
            }

            return DownloadStep.Continue;
        }

        /// <summary>Requests what is due, detects a stall and ends a pause; call from the agent loop.</summary>
        public void Poll(long nowMs, bool connected)
        {
            int turnedAway = _inbox.TakeTurnedAway();
            if (turnedAway > 0)
            {
                Ignore(CampaignId, -1, -1, OtaReason.FromOta(OtaFailure.UnexpectedChunk), "chunk not expected: not requested, a duplicate, late, of another campaign or of the wrong length", turnedAway);
            }

            PollRequests(nowMs, connected);
            AnnounceExpected();
        }

        /// <summary>Stops accepting chunks at the inbox (the download ended).</summary>
        public void Close()
        {
            _inbox.ExpectChunks(0, new int[0]);
        }

        private void PollRequests(long nowMs, bool connected)
        {
            if (_paused)
            {
                if (nowMs < _resumeAtMs)
                {
                    return;
                }

                Resume(nowMs);
            }

            if (!connected)
            {
                // Requests sent before the link went down may never be answered; a stall is counted only
                // while the link is up (a network loss is not the host's slowness).
                _schedule.ReleaseAll();
                _lastProgressMs = nowMs;
                return;
            }

            if (nowMs - _lastProgressMs >= _options.StallTimeoutMilliseconds)
            {
                _paused = true;
                _resumeAtMs = nowMs + _options.ResumeAfterMilliseconds;
                _schedule.ReleaseAll();
                _reporter.Report(
                    NewReport(OtaStage.Downloading, OtaReason.FromOta(OtaFailure.DownloadStalled), "no chunk for " + (_options.StallTimeoutMilliseconds / 1000).ToString() + " s; paused"),
                    OtaEvents.DownloadStalled(CampaignId, _manifest.Version.ToString(), _schedule.PresentCount, _schedule.Total));
                return;
            }

            OtaChunkId[] due = _schedule.TakeDueRequests(nowMs);
            if (due.Length > 0)
            {
                _reporter.Request(new OtaChunkRequest(CampaignId, due));
            }
        }

        /// <summary>
        /// After a completion found chunks that no longer verify on flash (changed after they were written):
        /// they become missing again and are downloaded anew. Returns how many.
        /// </summary>
        public int RecheckPresentChunks()
        {
            int lost = 0;
            for (int global = 0; global < _schedule.Total; global++)
            {
                OtaChunkId id = _schedule.ToId(global);
                if (_schedule.IsPresent(global) && !_installer.IsChunkPresent(id.ComponentIndex, id.ChunkIndex))
                {
                    _schedule.MarkMissing(global);
                    lost++;
                }
            }

            return lost;
        }

        /// <summary>A report about this download at <paramref name="stage"/>.</summary>
        public OtaReport NewReport(OtaStage stage, int reason, string text)
        {
            return new OtaReport(CampaignId, stage, reason, _schedule.PresentCount, _schedule.Total, _manifest.BundleId, _manifest.SecurityCounter, OtaText.Fit(text));
        }

        private void ReportProgressIfDue()
        {
            if (_schedule.PresentCount - _lastReportedProgress >= _options.ProgressEveryChunks)
            {
                _lastReportedProgress = _schedule.PresentCount;
                _reporter.Report(NewReport(OtaStage.Downloading, OtaReason.None, "downloading"), null);
            }
        }

        private static int HighestBit(int value)
        {
            int bit = 0;
            while (value > 0)
            {
                bit++;
                value >>= 1;
            }

            return bit;
        }

        /// <summary>Tells the inbox which chunks may enter now: the outstanding requests with their exact lengths.</summary>
        private void AnnounceExpected()
        {
            int[] inFlight = _schedule.InFlight();
            int[] expected = new int[inFlight.Length * 3];
            for (int i = 0; i < inFlight.Length; i++)
            {
                OtaChunkId id = _schedule.ToId(inFlight[i]);
                expected[3 * i] = id.ComponentIndex;
                expected[(3 * i) + 1] = id.ChunkIndex;
                expected[(3 * i) + 2] = _manifest.GetComponent(id.ComponentIndex).GetChunkLength(id.ChunkIndex);
            }

            _inbox.ExpectChunks(CampaignId, expected);
        }

        /// <summary>One more digest failure of chunk <paramref name="global"/>; returns its count. Failures are rare, so a short list.</summary>
        private int CountDigestFailure(int global)
        {
            for (int i = 0; i < _digestFailures.Count; i++)
            {
                int[] entry = (int[])_digestFailures[i];
                if (entry[0] == global)
                {
                    entry[1]++;
                    return entry[1];
                }
            }

            _digestFailures.Add(new int[] { global, 1 });
            return 1;
        }

        /// <summary>Counts a chunk that is not written; records the 1st, 2nd, 4th … of this download (bounded for endless data).</summary>
        private void Ignore(long campaignId, int componentIndex, int chunkIndex, int reason, string text)
        {
            Ignore(campaignId, componentIndex, chunkIndex, reason, text, 1);
        }

        /// <summary>Counts <paramref name="count"/> chunks not written; records when the total passes a power of two.</summary>
        private void Ignore(long campaignId, int componentIndex, int chunkIndex, int reason, string text, int count)
        {
            int before = IgnoredChunks;
            IgnoredChunks += count;
            if (HighestBit(IgnoredChunks) > HighestBit(before))
            {
                _reporter.Record(OtaEvents.ChunkIgnored(campaignId, componentIndex, chunkIndex, reason, text, IgnoredChunks));
            }
        }
    }
}
