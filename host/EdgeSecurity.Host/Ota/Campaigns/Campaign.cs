namespace EdgeSecurity.Host.Ota.Campaigns;

/// <summary>
/// The campaign state machine: every change to a campaign goes through one of its guarded transitions
/// (<see cref="Pause"/>, <see cref="Resume"/>, <see cref="Abort"/>, <see cref="RecordOffer"/>,
/// <see cref="ApplyReport"/>), each checking its preconditions before touching anything, so a refused step
/// changes nothing. No I/O: storage and MQTT load a campaign, apply steps and save it
/// (<see cref="TakeChangedDevices"/>).
/// Rules: only a running campaign offers, only inside its window and only to devices of waves already opened;
/// a wave opens the next one only when all its devices are final and at least one confirmed a healthy boot;
/// the failure threshold pauses; aborted and completed are final.
/// </summary>
public sealed class Campaign
{
    private readonly List<CampaignDevice> _devices;
    private readonly Dictionary<string, int> _index;
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);

    private Campaign(CampaignDefinition definition, List<CampaignDevice> devices, int waveCount)
    {
        Definition = definition;
        _devices = devices;
        WaveCount = waveCount;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < devices.Count; i++)
        {
            if (!_index.TryAdd(devices[i].DeviceId, i))
            {
                throw new ArgumentException($"Device '{devices[i].DeviceId}' is targeted twice.");
            }

            if (devices[i].Wave < 0 || devices[i].Wave >= waveCount)
            {
                throw new ArgumentException($"Device '{devices[i].DeviceId}' is in wave {devices[i].Wave}, outside 0..{waveCount - 1}.");
            }
        }
    }

    public CampaignDefinition Definition { get; }

    public CampaignStatus Status { get; private set; }

    /// <summary>Index of the newest opened wave; devices of waves up to it may be offered.</summary>
    public int CurrentWave { get; private set; }

    public int WaveCount { get; }

    /// <summary>Why the campaign is paused, aborted or completed (null while running).</summary>
    public string? StatusReason { get; private set; }

    /// <summary>Failures counted when the campaign was last resumed: the threshold counts the ones after.</summary>
    public int FailuresAtResume { get; private set; }

    /// <summary>Version of the stored copy this one was loaded from (optimistic concurrency between hosts).</summary>
    public long Revision { get; private set; }

    public IReadOnlyList<CampaignDevice> Devices => _devices;

    public int Failures => _devices.Count(d => d.State.IsFailure());

    /// <summary>A new running campaign with its first wave open; <paramref name="waves"/> from <see cref="WavePlan"/>.</summary>
    public static Campaign Create(CampaignDefinition definition, IReadOnlyList<IReadOnlyList<(string DeviceId, string? HardwareClass)>> waves)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(waves);
        if (definition.FailureThreshold < 1)
        {
            throw new ArgumentException("The failure threshold must be at least 1 device.");
        }

        if (waves.Count == 0 || waves.Any(w => w.Count == 0))
        {
            throw new ArgumentException("A campaign needs at least one wave and no empty wave.");
        }

        var devices = waves
            .SelectMany((wave, index) => wave.Select(d => new CampaignDevice(d.DeviceId, d.HardwareClass, index, DeviceOtaState.Pending, null, 0, 0, 0, null, definition.CreatedAtMs)))
            .ToList();
        var campaign = new Campaign(definition, devices, waves.Count);
        foreach (var device in devices)
        {
            campaign._changed.Add(device.DeviceId);
        }

        return campaign;
    }

    /// <summary>A campaign as stored; the stored values are trusted as they are.</summary>
    public static Campaign Restore(CampaignDefinition definition, CampaignStatus status, int currentWave, int waveCount, string? statusReason, int failuresAtResume, long revision, IEnumerable<CampaignDevice> devices) =>
        new(definition, [.. devices], waveCount)
        {
            Status = status,
            CurrentWave = currentWave,
            StatusReason = statusReason,
            FailuresAtResume = failuresAtResume,
            Revision = revision,
        };

    public CampaignDevice? Device(string deviceId) => _index.TryGetValue(deviceId, out var i) ? _devices[i] : null;

    public CampaignCounts Counts() => CampaignCounts.Of(_devices);

    public CampaignCounts WaveCounts(int wave) => CampaignCounts.Of(_devices.Where(d => d.Wave == wave));

    /// <summary>Adoption per hardware class (devices without a class under "").</summary>
    public IReadOnlyDictionary<string, CampaignCounts> ClassCounts() =>
        _devices.GroupBy(d => d.HardwareClass ?? string.Empty, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, CampaignCounts.Of, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="deviceId"/> may be sent an offer now: running, inside the window,
    /// its wave opened, and not finished.</summary>
    public bool MayOffer(string deviceId, long nowMs) =>
        OfferRefusal(deviceId, nowMs) is null;

    /// <summary>The devices that may be sent an offer now, in wave order (pending ones first within a wave).</summary>
    public IReadOnlyList<CampaignDevice> Offerable(long nowMs) =>
        !CampaignOpen(nowMs)
            ? []
            : [.. _devices.Where(d => d.Wave <= CurrentWave && !d.State.IsFinal()).OrderBy(d => d.Wave).ThenBy(d => d.State != DeviceOtaState.Pending)];

    public CampaignResult Pause(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (Status != CampaignStatus.Running)
        {
            return CampaignResult.Refused($"Campaign {Definition.Id} is {Status.ToString().ToLowerInvariant()}: only a running campaign can be paused.");
        }

        Status = CampaignStatus.Paused;
        StatusReason = reason;
        return CampaignResult.Done($"Campaign {Definition.Id} paused: {reason}");
    }

    public CampaignResult Resume()
    {
        if (Status != CampaignStatus.Paused)
        {
            return CampaignResult.Refused($"Campaign {Definition.Id} is {Status.ToString().ToLowerInvariant()}: only a paused campaign can be resumed.");
        }

        var wave = WaveCounts(CurrentWave);
        if (wave.Confirmed == 0 && wave.Confirmed + wave.Failed + wave.RolledBack == wave.Total)
        {
            return CampaignResult.Refused($"Wave {CurrentWave + 1} of campaign {Definition.Id} ended without a confirmed device, so no later wave may start: abort the campaign and fix the bundle.");
        }

        Status = CampaignStatus.Running;
        StatusReason = null;
        FailuresAtResume = Failures;
        AdvanceWaves();
        return CampaignResult.Done($"Campaign {Definition.Id} resumed at wave {CurrentWave + 1} of {WaveCount}.");
    }

    public CampaignResult Abort(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (Status is CampaignStatus.Aborted or CampaignStatus.Completed)
        {
            return CampaignResult.Refused($"Campaign {Definition.Id} is already {Status.ToString().ToLowerInvariant()}.");
        }

        Status = CampaignStatus.Aborted;
        StatusReason = reason;
        return CampaignResult.Done($"Campaign {Definition.Id} aborted: {reason}");
    }

    /// <summary>An offer was (about to be) published to the device: pending becomes offered; a re-offer to a
    /// device already working on it only counts. Refused when the campaign may not offer to it now.</summary>
    public CampaignResult RecordOffer(string deviceId, long nowMs)
    {
        if (OfferRefusal(deviceId, nowMs) is { } refusal)
        {
            return CampaignResult.Refused(refusal);
        }

        var device = Device(deviceId)!;
        Update(device with
        {
            State = device.State == DeviceOtaState.Pending ? DeviceOtaState.Offered : device.State,
            Offers = device.Offers + 1,
            LastOfferAtMs = nowMs,
            UpdatedAtMs = nowMs,
        });
        return CampaignResult.Done($"Offered campaign {Definition.Id} to {deviceId} (offer {device.Offers + 1}).");
    }

    /// <summary>
    /// A verified report from the device. Reports are the device's truth and are recorded even when the
    /// campaign is paused or aborted; they are refused for devices not in the campaign, never offered, or
    /// already final (except a failed device reporting that it rolled back). Then the failure threshold and
    /// the wave rule are applied.
    /// </summary>
    public CampaignResult ApplyReport(string deviceId, DeviceOtaState state, string? reason, long chunksPresent, long chunksTotal, long nowMs)
    {
        if (Device(deviceId) is not { } device)
        {
            return CampaignResult.Refused($"Device '{deviceId}' is not targeted by campaign {Definition.Id}.");
        }

        if (state is DeviceOtaState.Pending or DeviceOtaState.Offered)
        {
            return CampaignResult.Refused($"A device cannot report the state {state.Name()}.");
        }

        if (device.State == DeviceOtaState.Pending)
        {
            return CampaignResult.Refused($"Device '{deviceId}' reported {state.Name()} for campaign {Definition.Id}, which never offered it anything.");
        }

        var failedThenRolledBack = device.State == DeviceOtaState.Failed && state == DeviceOtaState.RolledBack;
        if (device.State.IsFinal() && !failedThenRolledBack)
        {
            return CampaignResult.Refused($"Device '{deviceId}' is already {device.State.Name()} in campaign {Definition.Id}; the report ({state.Name()}) is ignored.");
        }

        if (chunksPresent < 0 || chunksTotal < 0 || chunksPresent > chunksTotal)
        {
            return CampaignResult.Refused($"Device '{deviceId}' reported {chunksPresent} of {chunksTotal} chunks.");
        }

        Update(device with
        {
            State = state,
            Reason = state.IsFailure() ? reason ?? device.Reason : null,
            ChunksPresent = chunksPresent,
            ChunksTotal = chunksTotal,
            UpdatedAtMs = nowMs,
        });
        var message = $"Device '{deviceId}' is {state.Name()} in campaign {Definition.Id}.";
        if (Status == CampaignStatus.Running && state.IsFailure() && !failedThenRolledBack && Failures - FailuresAtResume >= Definition.FailureThreshold)
        {
            Status = CampaignStatus.Paused;
            StatusReason = $"failure threshold reached: {Failures - FailuresAtResume} device(s) failed or rolled back (threshold {Definition.FailureThreshold})";
            return CampaignResult.Done(message + " " + StatusReason);
        }

        AdvanceWaves();
        return CampaignResult.Done(message);
    }

    /// <summary>
    /// A verified report that the device refused an offer of this campaign as a replay (its sequence not above the
    /// last one the device accepted). The device accepted a newer offer, so the refused one was stale: delivered
    /// again by the broker, overtaken by a later offer of another host instance, or replayed by an attacker (the
    /// device's replay event raises the ota-refused alert either way). The install did not fail: the device's
    /// state is left as it is and the failure threshold does not count it, so the step never changes anything.
    /// </summary>
    public CampaignResult NoteReplayRefusal(string deviceId)
    {
        if (Device(deviceId) is not { } device)
        {
            return CampaignResult.Refused($"Device '{deviceId}' is not targeted by campaign {Definition.Id}.");
        }

        if (device.State == DeviceOtaState.Pending)
        {
            return CampaignResult.Refused($"Device '{deviceId}' refused an offer of campaign {Definition.Id} as a replay, but the campaign never offered it anything.");
        }

        return CampaignResult.Refused($"Device '{deviceId}' refused a stale offer of campaign {Definition.Id} as a replay; it stays {device.State.Name()}, not counted as a failure.");
    }

    /// <summary>The devices changed since the campaign was created, restored or last saved; clears the set.</summary>
    public IReadOnlyList<CampaignDevice> TakeChangedDevices()
    {
        var changed = _changed.Select(id => Device(id)!).ToList();
        _changed.Clear();
        return changed;
    }

    /// <summary>After a save: the stored copy now has <paramref name="revision"/>.</summary>
    public void Saved(long revision) => Revision = revision;

    private bool CampaignOpen(long nowMs) =>
        Status == CampaignStatus.Running && (Definition.Window is null || Definition.Window.Contains(nowMs));

    private string? OfferRefusal(string deviceId, long nowMs)
    {
        if (Status != CampaignStatus.Running)
        {
            return $"Campaign {Definition.Id} is {Status.ToString().ToLowerInvariant()}: it offers nothing.";
        }

        if (Definition.Window is { } window && !window.Contains(nowMs))
        {
            return $"Campaign {Definition.Id} offers only inside its window {window} UTC.";
        }

        if (Device(deviceId) is not { } device)
        {
            return $"Device '{deviceId}' is not targeted by campaign {Definition.Id}.";
        }

        if (device.Wave > CurrentWave)
        {
            return $"Device '{deviceId}' is in wave {device.Wave + 1}; campaign {Definition.Id} is at wave {CurrentWave + 1}.";
        }

        return device.State.IsFinal() ? $"Device '{deviceId}' is already {device.State.Name()} in campaign {Definition.Id}." : null;
    }

    // Opens the next wave while the current one is finished with a confirmed device; a wave that finished
    // with none pauses the campaign (the next wave would most likely fail the same way).
    private void AdvanceWaves()
    {
        while (Status == CampaignStatus.Running)
        {
            var wave = WaveCounts(CurrentWave);
            if (wave.Confirmed + wave.Failed + wave.RolledBack < wave.Total)
            {
                return;
            }

            if (wave.Confirmed == 0)
            {
                Status = CampaignStatus.Paused;
                StatusReason = $"wave {CurrentWave + 1} ended without a confirmed device";
                return;
            }

            if (CurrentWave == WaveCount - 1)
            {
                Status = CampaignStatus.Completed;
                StatusReason = $"all {WaveCount} wave(s) done: {Counts().Confirmed} of {_devices.Count} device(s) confirmed";
                return;
            }

            CurrentWave++;
        }
    }

    private void Update(CampaignDevice device)
    {
        _devices[_index[device.DeviceId]] = device;
        _changed.Add(device.DeviceId);
    }
}
