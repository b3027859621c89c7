using System;
using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Time;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// The device's update client (docs/ota.md): verifies offers (MAC, sequence, then the signed payload by
    /// the trusted time), downloads an accepted bundle into the inactive slot, verifies it whole, marks it for
    /// a trial boot and reboots; after the trial boot it reports the outcome the trial supervisor
    /// (<see cref="TrialSupervisor"/>, the only place a trial is confirmed or rejected) decided. Every stage
    /// up to the trial is recorded as a security event and every stage is reported on the OTA report topic. Its state survives power
    /// loss (<see cref="OtaClientStateStore"/>): after a reboot it resumes from the chunks that verify.
    /// Messages are queued by the transport's thread and handled by <see cref="Poll"/> on the agent's.
    /// </summary>
    public sealed class UpdateClient : IMessageReceiver
    {
        /// <summary>Uptime between asking for a reboot and doing it, so the last report and events can leave.</summary>
        public const long RebootDelayMilliseconds = 2000;

        private const int MaxCompletionAttempts = 3;

        private readonly UpdateClientParts _parts;
        private readonly OtaClientOptions _options;
        private readonly OtaClientStateStore _store;
        private readonly OtaReporter _reporter;
        private readonly OtaInbox _inbox;
        private readonly TrustRootUpdater _roots;
        private BundleInstaller _installer;
        private BundleDownload _download;
        private TrialSupervisor _trial;
        private bool _trialReported;
        private int _completionAttempts;
        private long _rebootAtMs = -1;

        public UpdateClient(UpdateClientParts parts, OtaClientOptions options)
        {
            if (parts == null || options == null)
            {
                throw new ArgumentNullException(parts == null ? "parts" : "options");
            }

            if (parts.Flash == null || parts.BootState == null || parts.Boot == null || parts.Boot.Decision == null || parts.TrustRoot == null || parts.RootVerifier == null
                || parts.Bundles == null || parts.HardwareClass == null || parts.Clock == null || parts.Log == null || parts.Transport == null || parts.Mac == null
                || parts.DeviceEventKey == null || parts.DeviceId == null || parts.OfferTopic == null || parts.ChunkTopic == null || parts.ReportTopic == null || parts.Rebooter == null)
            {
                throw new ArgumentException("every part but Integrity is required, and the boot must have been decided", "parts");
            }

            _parts = parts;
            _options = options;
            _store = new OtaClientStateStore(parts.Flash);
            _reporter = new OtaReporter(parts.Transport, parts.ReportTopic, parts.Mac, parts.DeviceEventKey, parts.DeviceId, parts.Log);
            _inbox = new OtaInbox(options.InboxCapacity);
            _roots = new TrustRootUpdater(parts, _reporter);
            _installer = NewInstaller();
        }

        public OtaPhase Phase
        {
            get { return _store.Current.Phase; }
        }

        /// <summary>The persisted client state (a copy).</summary>
        public OtaClientState State
        {
            get { return _store.Current; }
        }

        /// <summary>The download in progress, or null.</summary>
        public BundleDownload Download
        {
            get { return _download; }
        }

        /// <summary>The supervisor of this boot's trial (set by the agent), whose outcome the client reports; may be null.</summary>
        public TrialSupervisor Trial
        {
            get { return _trial; }
            set { _trial = value; }
        }

        /// <summary>True once the client asked the platform to reboot (it does nothing more in this power-on).</summary>
        public bool RebootRequested
        {
            get { return _rebootAtMs >= 0; }
        }

        /// <summary>The trust root bundles are verified with: the one loaded at boot, or the one a rotation installed since.</summary>
        public InstalledTrustRoot TrustRoot
        {
            get { return _parts.TrustRoot; }
        }

        /// <summary>Deliveries of the last accepted offer again, ignored since this power-on (diagnostics and tests).</summary>
        public int RedeliveredOffers { get; private set; }

        public OtaReporter Reporter
        {
            get { return _reporter; }
        }

        public OtaInbox Inbox
        {
            get { return _inbox; }
        }

        private BootDecision Decision
        {
            get { return _parts.Boot.Decision; }
        }

        /// <summary>
        /// Subscribes to the offer and chunk topics and settles what the last power-on left: reports the trial
        /// boot, a confirmation or a rollback the boot decided, or resumes an interrupted download.
        /// </summary>
        public void Start()
        {
            _parts.Transport.Subscribe(_parts.OfferTopic, this);
            _parts.Transport.Subscribe(_parts.ChunkTopic, this);
            Reconcile(_parts.Clock.UptimeMilliseconds);
        }

        /// <summary>Queues an offer or chunk for <see cref="Poll"/> (called on the transport's thread).</summary>
        public void OnMessage(string topic, byte[] payload)
        {
            if (payload != null && (topic == _parts.OfferTopic || topic == _parts.ChunkTopic))
            {
                _inbox.Put(topic, payload, topic == _parts.ChunkTopic);
            }
        }

        /// <summary>One turn of the agent loop: queued messages, the trial's health check, chunk requests, timers.</summary>
        public void Poll()
        {
            long now = _parts.Clock.UptimeMilliseconds;
            if (_rebootAtMs >= 0)
            {
                _reporter.Flush();
                if (now >= _rebootAtMs)
                {
                    _parts.Rebooter.Reboot();
                }

                return;
            }

            string topic;
            byte[] payload;
            int budget = _options.InboxCapacity;
            while (budget-- > 0 && _rebootAtMs < 0 && _inbox.TryTake(out topic, out payload))
            {
                if (topic == _parts.OfferTopic)
                {
                    HandleOffer(payload, now);
                }
                else if (_download != null)
                {
                    Step(_download.OnChunk(payload, now), now);
                }
            }

            if (_rebootAtMs < 0)
            {
                ReportTrialOutcome();
            }

            if (_download != null && _rebootAtMs < 0)
            {
                _download.Poll(now, _parts.Transport.IsConnected);
            }

            _reporter.Flush();
            _parts.Clock.Checkpoint();
        }

        private void HandleOffer(byte[] message, long now)
        {
            OtaOffer offer;
            try
            {
                offer = OtaOfferCodec.Decode(_parts.Mac, _parts.DeviceEventKey, _parts.DeviceId, message);
            }
            catch (OtaAuthenticationException e)
            {
                Refuse(0, 0, null, 0, OtaReason.FromOta(OtaFailure.BadOfferMac), e.Message, true);
                return;
            }
            catch (MalformedDataException e)
            {
                Refuse(0, 0, null, 0, OtaReason.FromMalformed(e.Reason), e.Message, true);
                return;
            }

            OtaClientState state = _store.Current;
            byte[] offerMac = OtaOfferCodec.MacOf(message);
            if (state.IsLastAcceptedOffer(offer.Sequence, offerMac))
            {
                // The broker delivered the offer we accepted again (QoS 1 after a reconnect or a node failover):
                // it was handled once and changes nothing now. Not a replay, so no refusal and no restart.
                RedeliveredOffers++;
                return;
            }

            if (offer.Sequence <= state.LastAcceptedSequence)
            {
                _reporter.Report(
                    new OtaReport(offer.CampaignId, OtaStage.Refused, OtaReason.FromOta(OtaFailure.ReplayedOffer), 0, 0, null, 0, OtaText.Fit("offer sequence " + offer.Sequence.ToString() + " is not above " + state.LastAcceptedSequence.ToString())),
                    OtaEvents.OfferReplayed(offer.CampaignId, offer.Sequence, state.LastAcceptedSequence));
                return;
            }

            // The offer is authentic and fresh: it is consumed whatever its payload says, and its time is trusted.
            state.LastAcceptedSequence = offer.Sequence;
            state.LastAcceptedOfferMac = offerMac;
            _store.Save(state);
            ObserveHostTime(offer.HostUnixSeconds);
            if (offer.Kind == OtaOfferKind.TrustRoot)
            {
                _roots.Handle(offer, Decision);
                if (_roots.InstalledRoot != null)
                {
                    _parts.TrustRoot = _roots.InstalledRoot;
                    _installer = NewInstaller();
                    CloseDownload();
                    Reconcile(now);
                }

                return;
            }

            HandleBundleOffer(offer, state, now);
        }

        private void HandleBundleOffer(OtaOffer offer, OtaClientState state, long now)
        {
            byte[] payload = offer.GetPayload();
            SignedManifest signed;
            try
            {
                signed = SignedManifest.Parse(payload);
            }
            catch (MalformedDataException e)
            {
                Refuse(offer.CampaignId, offer.Sequence, null, 0, OtaReason.FromMalformed(e.Reason), e.Message, true);
                return;
            }

            Manifest offered = signed.Manifest;
            if (Decision.IsTrial || state.Phase == OtaPhase.Installed || state.Phase == OtaPhase.Trial)
            {
                Refuse(offer.CampaignId, offer.Sequence, offered, 0, OtaReason.FromOta(OtaFailure.TrialPending), "a trial boot is pending or running; offer again once it is decided", false);
                return;
            }

            Manifest running = Decision.Verified == null ? null : Decision.Verified.Manifest;
            if (running != null && ConstantTime.AreEqual(running.BundleId, offered.BundleId))
            {
                _reporter.Report(
                    new OtaReport(offer.CampaignId, OtaStage.AlreadyInstalled, OtaReason.None, 0, 0, offered.BundleId, offered.SecurityCounter, OtaText.Fit("bundle " + offered.Version.ToString() + " runs confirmed")),
                    OtaEvents.AlreadyInstalled(offer.CampaignId, offered.Version.ToString(), offered.SecurityCounter));
                return;
            }

            if (running != null && offered.Version.CompareTo(running.Version) <= 0)
            {
                Refuse(offer.CampaignId, offer.Sequence, offered, OtaReason.FromOta(OtaFailure.VersionNotNewer), "version " + offered.Version.ToString() + " is not newer than the running " + running.Version.ToString(), true);
                return;
            }

            if (_download != null && _download.IsFor(payload))
            {
                // The same bundle offered again (a re-offer after a stall or reconnect): carry on where we are.
                _download.CampaignId = offer.CampaignId;
                _download.Resume(now);
                state.CampaignId = offer.CampaignId;
                _store.Save(state);
                _reporter.Report(_download.NewReport(OtaStage.Accepted, OtaReason.None, "resuming"), OtaEvents.Accepted(offer.CampaignId, offer.Sequence, offered.Version.ToString(), offered.SecurityCounter, offered.TotalComponentSize()));
                return;
            }

            if (_download != null)
            {
                Fail(_download, OtaReason.FromOta(OtaFailure.Superseded), "superseded by campaign " + offer.CampaignId.ToString());
            }

            InstallResult begun = _installer.BeginInstall(payload);
            if (!begun.IsAccepted)
            {
                int reason = begun.VerifierFailure != BundleFailure.None ? OtaReason.FromBundle(begun.VerifierFailure) : OtaReason.FromInstall(begun.Failure);
                Refuse(offer.CampaignId, offer.Sequence, offered, reason, begun.Message, IsAttack(begun));
                return;
            }

            int total = CountChunks(offered);
            _download = new BundleDownload(_installer, payload, offer.CampaignId, _reporter, _inbox, _options, now);
            _completionAttempts = 0;
            state.Phase = OtaPhase.Downloading;
            state.CampaignId = offer.CampaignId;
            state.BundleId = offered.BundleId;
            state.SecurityCounter = offered.SecurityCounter;
            state.Version = offered.Version;
            state.TargetSlot = begun.TargetSlot;
            state.ChunksTotal = total;
            _store.Save(state);
            _reporter.Report(
                _download.NewReport(OtaStage.Accepted, OtaReason.None, begun.Message),
                OtaEvents.Accepted(offer.CampaignId, offer.Sequence, offered.Version.ToString(), offered.SecurityCounter, offered.TotalComponentSize()));
            if (_download.IsComplete)
            {
                Step(DownloadStep.AllChunksPresent, now);
            }
        }

        private void Step(DownloadStep step, long now)
        {
            if (step == DownloadStep.Failed)
            {
                Fail(_download, _download.FailureReason, _download.FailureText);
            }
            else if (step == DownloadStep.AllChunksPresent)
            {
                Complete(now);
            }
        }

        /// <summary>Verifies the whole slot and marks it for a trial boot; then reports and schedules the reboot.</summary>
        private void Complete(long now)
        {
            BundleDownload download = _download;
            InstallResult done = _installer.Complete();
            if (!done.IsAccepted)
            {
                _completionAttempts++;
                if (done.Failure == InstallFailure.Incomplete && _completionAttempts < MaxCompletionAttempts && download.RecheckPresentChunks() > 0)
                {
                    // Chunks changed on flash after they were written: fetch them again.
                    return;
                }

                Fail(download, OtaReason.FromInstall(done.Failure), done.Message);
                return;
            }

            OtaClientState state = _store.Current;
            string version = download.Manifest.Version.ToString();
            string slot = BootSlot.Name(done.TargetSlot);
            _reporter.Report(download.NewReport(OtaStage.Verified, OtaReason.None, "slot " + slot + " verified"), OtaEvents.Verified(state.CampaignId, version, download.Manifest.SecurityCounter, slot));
            state.Phase = OtaPhase.Installed;
            _store.Save(state);
            _reporter.Report(download.NewReport(OtaStage.Installed, OtaReason.None, "pending trial in slot " + slot + "; rebooting"), OtaEvents.Installed(state.CampaignId, version, slot));
            CloseDownload();
            _rebootAtMs = now + RebootDelayMilliseconds;
        }

        /// <summary>What the last power-on left, settled against what this boot decided.</summary>
        private void Reconcile(long now)
        {
            OtaClientState state = _store.Current;
            BootDecision decision = Decision;
            bool oursRuns = decision.Verified != null && state.Phase != OtaPhase.Idle && ConstantTime.AreEqual(decision.Verified.Manifest.BundleId, state.BundleId);
            string version = state.Version.ToString();
            if (decision.IsTrial)
            {
                if (oursRuns && state.Phase != OtaPhase.Trial)
                {
                    state.Phase = OtaPhase.Trial;
                    _store.Save(state);
                    _reporter.Report(StateReport(state, OtaStage.TrialBoot, OtaReason.None, "trial boot " + (decision.Report.TrialAttemptsLeft + 1).ToString() + " of slot " + BootSlot.Name(decision.Slot)), OtaEvents.TrialBoot(state.CampaignId, version, BootSlot.Name(decision.Slot)));
                }

                return;
            }

            if (state.Phase == OtaPhase.Idle)
            {
                return;
            }

            if (state.Phase == OtaPhase.Trial && oursRuns && decision.Slot == state.TargetSlot)
            {
                // The confirmation was durable but the power went before the client recorded it.
                Confirmed(state);
                return;
            }

            bool rolledBack = state.Phase == OtaPhase.Installed || state.Phase == OtaPhase.Trial || (decision.Report.RolledBackFrom == state.TargetSlot && BootSlot.IsSlot(state.TargetSlot));
            if (rolledBack)
            {
                bool health = decision.Report.RollbackReason == RollbackReason.HealthCheckFailed;
                int reason = OtaReason.FromOta(health ? OtaFailure.HealthCheckFailed : OtaFailure.TrialNotBooted);
                string text = health ? "health check failed: rollback to the previous bundle" : "trial bundle did not boot verified: rollback to the previous bundle";
                // Reported only: the supervisor recorded the rollback it decided, the boot verification event the one the boot table decided.
                _reporter.Report(StateReport(state, OtaStage.RolledBack, reason, text), null);
                state.Clear();
                _store.Save(state);
                return;
            }

            ResumeDownload(state, now);
        }

        /// <summary>After a reboot or a rotation, continues the download from the manifest already in the target slot.</summary>
        private void ResumeDownload(OtaClientState state, long now)
        {
            byte[] signedManifest = SmallFile.ReadAll(_parts.Flash, BootSlot.ManifestFile(_installer.TargetSlot), SignedManifest.MaxEncodedLength);
            InstallResult begun = signedManifest == null ? null : _installer.BeginInstall(signedManifest);
            if (begun == null || !begun.IsAccepted || !ConstantTime.AreEqual(_installer.Manifest.BundleId, state.BundleId))
            {
                int reason = begun == null ? OtaReason.FromInstall(InstallFailure.NotStarted) : (begun.IsAccepted ? OtaReason.FromOta(OtaFailure.Superseded) : OtaReason.FromInstall(begun.Failure));
                string text = begun == null ? "the target slot lost its manifest" : begun.Message;
                _reporter.Report(StateReport(state, OtaStage.Failed, reason, text), OtaEvents.Failed(state.CampaignId, state.Version.ToString(), reason, text, 0, state.ChunksTotal));
                state.Clear();
                _store.Save(state);
                return;
            }

            _download = new BundleDownload(_installer, signedManifest, state.CampaignId, _reporter, _inbox, _options, now);
            _completionAttempts = 0;
            _reporter.Report(_download.NewReport(OtaStage.Downloading, OtaReason.None, "resuming after reboot"), null);
            if (_download.IsComplete)
            {
                Step(DownloadStep.AllChunksPresent, now);
            }
        }

        /// <summary>
        /// Reports the supervisor's verdict on the trial: a confirmation at once; a rejection on the next boot
        /// (<see cref="Reconcile"/>), when the previous bundle runs again, so a reboot or power cut right after the
        /// rejection cannot lose the report.
        /// </summary>
        private void ReportTrialOutcome()
        {
            if (_trialReported || _trial == null || _trial.Outcome != TrialOutcome.Confirmed)
            {
                return;
            }

            _trialReported = true;
            OtaClientState state = _store.Current;
            if (state.Phase == OtaPhase.Trial)
            {
                Confirmed(state);
            }
        }

        /// <summary>Reports the confirmation (the supervisor recorded its event) and forgets the campaign.</summary>
        private void Confirmed(OtaClientState state)
        {
            BootDecision decision = Decision;
            long counter = decision.Verified == null ? state.SecurityCounter : decision.Verified.SecurityCounter;
            string reason = _trial == null || _trial.Outcome != TrialOutcome.Confirmed ? "confirmed" : _trial.Reason;
            _reporter.Report(
                new OtaReport(state.CampaignId, OtaStage.Confirmed, OtaReason.None, state.ChunksTotal, state.ChunksTotal, decision.Verified == null ? state.BundleId : decision.Verified.Manifest.BundleId, counter, OtaText.Fit(reason)),
                null);
            state.Clear();
            _store.Save(state);
        }

        private void Fail(BundleDownload download, int reason, string text)
        {
            OtaClientState state = _store.Current;
            _reporter.Report(download.NewReport(OtaStage.Failed, reason, text), OtaEvents.Failed(download.CampaignId, download.Manifest.Version.ToString(), reason, text, download.PresentChunks, download.TotalChunks));
            state.Clear();
            _store.Save(state);
            CloseDownload();
        }

        private void CloseDownload()
        {
            if (_download != null)
            {
                _download.Close();
                _download = null;
            }
        }

        private void Refuse(long campaignId, long sequence, Manifest offered, int securityCounterOrZero, int reason, string text, bool attack)
        {
            string version = offered == null ? string.Empty : offered.Version.ToString();
            long counter = offered == null ? securityCounterOrZero : offered.SecurityCounter;
            _reporter.Report(
                new OtaReport(campaignId, OtaStage.Refused, reason, 0, offered == null ? 0 : CountChunks(offered), offered == null ? null : offered.BundleId, counter, OtaText.Fit(text)),
                OtaEvents.OfferRefused(campaignId, sequence, version, counter, reason, text, attack));
        }

        private void Refuse(long campaignId, long sequence, Manifest offered, int reason, string text, bool attack)
        {
            Refuse(campaignId, sequence, offered, 0, reason, text, attack);
        }

        private void ObserveHostTime(long hostUnixSeconds)
        {
            bool wasTrusted = _parts.Clock.IsWallClockTrusted;
            long before = _parts.Clock.NowMilliseconds;
            TrustedTimeChange change = _parts.Clock.Observe(hostUnixSeconds);
            if (change == TrustedTimeChange.Behind || change == TrustedTimeChange.Clamped)
            {
                _reporter.Record(SecurityEvents.ClockJump(before, hostUnixSeconds * 1000, "ota-offer"));
            }
            else if (change == TrustedTimeChange.Advanced && !wasTrusted)
            {
                _reporter.Record(SecurityEvents.ClockSet(before, _parts.Clock.NowMilliseconds, "ota-offer", true));
            }
        }

        private OtaReport StateReport(OtaClientState state, OtaStage stage, int reason, string text)
        {
            return new OtaReport(state.CampaignId, stage, reason, state.ChunksTotal, state.ChunksTotal, state.BundleId, state.SecurityCounter, OtaText.Fit(text));
        }

        private BundleInstaller NewInstaller()
        {
            return new BundleInstaller(_parts.Flash, _parts.BootState, _parts.TrustRoot, _parts.Bundles, _parts.Clock, _parts.HardwareClass, Decision.Slot);
        }

        /// <summary>Refusals an attacker (or a compromised host) would cause, recorded at error severity.</summary>
        private static bool IsAttack(InstallResult result)
        {
            return result.Failure == InstallFailure.SignatureInvalid || result.Failure == InstallFailure.CounterTooLow
                || result.Failure == InstallFailure.Expired || result.Failure == InstallFailure.WrongHardwareClass;
        }

        private static int CountChunks(Manifest manifest)
        {
            int total = 0;
            for (int i = 0; i < manifest.ComponentCount; i++)
            {
                total += manifest.GetComponent(i).ChunkCount;
            }

            return total;
        }
    }
}
