using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using EdgeSecurity.Firmware.Core.Tests.Upload;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Firmware.HostPlatform.Storage;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Ota.Support;

/// <summary>
/// One simulated device running the core's <see cref="DeviceAgent"/> with its <see cref="UpdateClient"/>, and a
/// scripted host on the other side of an in-memory broker: it acknowledges event batches (the health check
/// needs that), answers chunk requests from the bundle it serves (through a filter an attack test can use to
/// tamper, drop or add chunks), collects reports and events. A reboot is a new flash instance and a new boot.
/// </summary>
internal sealed class OtaRig : IDisposable
{
    public const string DeviceId = "dev-ota-01";
    public const long StepMs = 50;
    private const string Prefix = "es/v1/d/" + DeviceId + "/";
    public const string EventTopic = Prefix + "evt";
    public const string AckTopic = Prefix + "ack";
    public const string OfferTopic = Prefix + "ota/offer";
    public const string ChunkTopic = Prefix + "ota/chunk";
    public const string ReportTopic = Prefix + "ota/report";

    private readonly HmacSha256MacPrimitive _mac = new();
    private int _seen;

    public OtaRig(TestRelease release, TestBundle provisioned)
    {
        Release = release;
        Device = new TestDevice(release);
        Device.Provision(provisioned);
        Running = provisioned;
        HostTime = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }

    /// <summary>A rig whose flash starts as a copy of <paramref name="template"/>'s (same key), not yet powered on.</summary>
    public OtaRig(OtaRig template, string directory)
    {
        Release = template.Release;
        Device = template.Device.CloneTo(directory);
        Running = template.Running;
        EventKey = template.EventKey;
        HostTime = template.HostTime;
        Sequence = template.Sequence;
    }

    public TestRelease Release { get; }

    public TestDevice Device { get; }

    /// <summary>The bundle the device was provisioned with.</summary>
    public TestBundle Running { get; }

    public byte[] EventKey { get; } = TestMac.NewKey();

    public OtaClientOptions Options { get; } = new() { StallTimeoutMilliseconds = 3000, ResumeAfterMilliseconds = 5000, RequestTimeoutMilliseconds = 500, HealthCheckTimeoutMilliseconds = 10000 };

    public FileFlashStorage Flash { get; private set; } = null!;

    public FakeTransport Transport { get; private set; } = null!;

    public DeviceAgent Agent { get; private set; } = null!;

    public UpdateClient Client => Agent.Updates;

    public RebootRequest Rebooter { get; private set; } = null!;

    /// <summary>An application health check for the next power-ons (null: only the boot-report ack counts).</summary>
    public IHealthCheck? ApplicationCheck { get; set; }

    /// <summary>When false the host stops acknowledging events (the health check then times out).</summary>
    public bool AcknowledgeEvents { get; set; } = true;

    /// <summary>When false the host ignores chunk requests (a stalled host).</summary>
    public bool ServeChunks { get; set; } = true;

    /// <summary>Turns each requested chunk into the messages the host sends for it (none, the genuine one, a tampered one…).</summary>
    public Func<OtaChunk, IEnumerable<OtaChunk>>? ChunkFilter { get; set; }

    public TestBundle? Served { get; set; }

    public long ServedCampaign { get; set; }

    public long Sequence { get; set; } = 1_000;

    public long HostTime { get; set; }

    public List<OtaReport> Reports { get; } = [];

    public List<OtaChunkRequest> Requests { get; } = [];

    public List<EventRecord> Events { get; } = [];

    public int PowerOns { get; private set; }

    public static AgentSettings Settings() => new()
    {
        Journal = new JournalOptions { CapacityBytes = 16 * 1024, SegmentBytes = 4096, SequenceBlock = 8 },
        HeartbeatIntervalMilliseconds = 600_000,
    };

    /// <summary>A power-on: boot decision, services, the update client (which settles what the last power-on left), the trial supervisor.</summary>
    public void PowerOn(PowerCutPlan? cut = null)
    {
        Flash = Device.PowerOn(cut);
        Device.Clock.Reboot();
        Device.Clock.Advance(TimeSpan.FromMilliseconds(100));
        Transport = new FakeTransport();
        Rebooter = new RebootRequest();
        _seen = 0;
        PowerOns++;
        Agent = DeviceAgent.Boot(Flash, Device.Clock, _mac, TestRelease.HardwareClass);
        Agent.StartServices(DeviceId, EventKey, Settings(), Transport, EventTopic, AckTopic);
        Agent.StartUpdates(DeviceId, EventKey, Options, Transport, OfferTopic, ChunkTopic, ReportTopic, Rebooter);
        var trial = Agent.SuperviseTrial(ApplicationCheck, Options.HealthCheckTimeoutMilliseconds);
        var application = Agent.ReadApplication();
        trial.ApplicationStarted(application.IsReady, application.Detail);
        Serve();
    }

    public byte[] OfferBytes(OtaOfferKind kind, byte[] payload, long campaign, long? sequence = null, long? hostTime = null, byte[]? key = null)
    {
        long seq = sequence ?? ++Sequence;
        return OtaOfferCodec.Encode(_mac, key ?? EventKey, DeviceId, new OtaOffer(kind, campaign, seq, hostTime ?? HostTime, payload));
    }

    /// <summary>The host offers <paramref name="bundle"/> and serves its chunks for <paramref name="campaign"/>.</summary>
    public byte[] Offer(TestBundle bundle, long campaign = 1, long? hostTime = null)
    {
        Served = bundle;
        ServedCampaign = campaign;
        byte[] offer = OfferBytes(OtaOfferKind.Bundle, bundle.SignedManifest, campaign, hostTime: hostTime);
        Deliver(OfferTopic, offer);
        return offer;
    }

    public void OfferRoot(byte[] signedRoot, long campaign = 1) => Deliver(OfferTopic, OfferBytes(OtaOfferKind.TrustRoot, signedRoot, campaign));

    public void Deliver(string topic, byte[] payload) => Transport.Deliver(topic, payload);

    /// <summary>Runs the device loop and the host until <paramref name="done"/> or the device asks for a reboot.</summary>
    public void RunUntil(Func<bool> done, long maxMs = 60_000)
    {
        for (long t = 0; t < maxMs; t += StepMs)
        {
            Step();
            if (done() || Client.RebootRequested)
            {
                return;
            }
        }
    }

    /// <summary>Runs until the device reboots by itself (it asked and the delay passed); false if it never did.</summary>
    public bool RunUntilReboot(long maxMs = 60_000)
    {
        for (long t = 0; t < maxMs; t += StepMs)
        {
            Step();
            if (Rebooter.Requested)
            {
                return true;
            }
        }

        return false;
    }

    public void Step()
    {
        Device.Clock.Advance(TimeSpan.FromMilliseconds(StepMs));
        Agent.Poll();
        if (Agent.Trial is { RebootRequired: true })
        {
            // What the platform does when the supervisor rejected the trial.
            Rebooter.Reboot();
        }

        Serve();
    }

    /// <summary>Chunks the client counted as written when the power failed (0 when the power failed before it started).</summary>
    public int ChunksPresentBeforeTheCut()
    {
        object? agent = Agent;
        return agent is DeviceAgent { Updates.Download: { } download } ? download.PresentChunks : 0;
    }

    public List<OtaStage> Stages => Reports.Select(r => r.Stage).ToList();

    public OtaReport Last(OtaStage stage) => Reports.Last(r => r.Stage == stage);

    public List<EventRecord> EventsOf(ushort type) => Events.Where(e => e.EventType == type).ToList();

    /// <summary>The host's side of every message the device published since the last call.</summary>
    private void Serve()
    {
        while (_seen < Transport.Published.Count)
        {
            var (topic, payload) = Transport.Published[_seen++];
            if (topic == EventTopic)
            {
                var batch = EventBatchCodec.Decode(payload);
                Events.AddRange(batch.Entries.Select(e => e.Record));
                if (AcknowledgeEvents && batch.Entries.Length > 0)
                {
                    Deliver(AckTopic, EventAckCodec.Encode(_mac, EventKey, new EventAck(AckStatus.Stored, batch.BatchId, batch.Entries[^1].Record.Sequence, 0)));
                }
            }
            else if (topic == ReportTopic && OtaMessages.Classify(payload) == OtaMessageType.Report)
            {
                Reports.Add(OtaReportCodec.Decode(_mac, EventKey, DeviceId, payload));
            }
            else if (topic == ReportTopic && OtaMessages.Classify(payload) == OtaMessageType.ChunkRequest)
            {
                var request = OtaChunkRequestCodec.Decode(payload);
                Requests.Add(request);
                if (ServeChunks && Served != null)
                {
                    for (int i = 0; i < request.Count; i++)
                    {
                        var id = request.GetChunk(i);
                        var genuine = new OtaChunk(ServedCampaign, id.ComponentIndex, id.ChunkIndex, TestDevice.Chunk(Served, id.ComponentIndex, id.ChunkIndex));
                        foreach (var chunk in ChunkFilter?.Invoke(genuine) ?? [genuine])
                        {
                            Deliver(ChunkTopic, OtaChunkCodec.Encode(chunk));
                        }
                    }
                }
            }
        }
    }

    public void Dispose() => Device.Dispose();
}

/// <summary>The platform's reboot, recorded: the rig powers the device on again when a test says so.</summary>
internal sealed class RebootRequest : IRebooter
{
    public bool Requested { get; private set; }

    public void Reboot() => Requested = true;
}

/// <summary>An application health check with a fixed verdict (the simulator's health-fail fault does the same).</summary>
internal sealed class FixedHealthCheck(HealthVerdict verdict) : IHealthCheck
{
    public string Reason => verdict == HealthVerdict.Unhealthy ? "application reports a fault" : "application healthy";

    public HealthVerdict Evaluate(long uptimeMs) => verdict;
}
