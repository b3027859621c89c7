using EdgeSecurity.Host.Ota.Campaigns;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Ota;

/// <summary>
/// Campaigns as the API and the delivery service use them: target resolution at creation, and every later
/// step as load → state machine transition → save with its audit entry, retried when another host instance
/// saved the campaign in between (optimistic concurrency on the stored revision). Within one instance the
/// steps of a campaign run one at a time: many devices reporting at once (a wave confirming together) would
/// otherwise keep overwriting each other's revision until a report ran out of attempts and was dropped.
/// </summary>
public sealed class CampaignService(ITelemetryStore store, TimeProvider time)
{
    private const int SaveAttempts = 8;

    private readonly CampaignGates _gates = new();

    public async Task<Campaign> CreateAsync(CampaignRequest request, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((request.BundleId is null) == (request.RootVersion is null))
        {
            throw OtaRequestException.BadRequest("Give exactly one of bundleId (a bundle campaign) and rootVersion (a trust-root campaign).");
        }

        var (kind, subject, hardwareClass) = await SubjectAsync(request, cancellationToken).ConfigureAwait(false);
        var targets = await ResolveTargetsAsync(request, hardwareClass, cancellationToken).ConfigureAwait(false);
        var busy = new List<string>();
        foreach (var (deviceId, _) in targets)
        {
            if (await store.Ota.FindActiveCampaignAsync(deviceId, cancellationToken).ConfigureAwait(false) is { } other)
            {
                busy.Add($"{deviceId} (campaign {other})");
            }
        }

        if (busy.Count > 0)
        {
            throw OtaRequestException.Conflict("Devices in another campaign", $"A device is in one running or paused campaign at a time; finish or abort it first: {string.Join(", ", busy)}.");
        }

        IReadOnlyList<IReadOnlyList<(string, string?)>> waves;
        MaintenanceWindow? window;
        try
        {
            waves = WavePlan.Split(targets, request.Waves ?? ["100%"]);
            window = request.Window is null ? null : MaintenanceWindow.Parse(request.Window);
        }
        catch (ArgumentException e)
        {
            throw OtaRequestException.BadRequest(e.Message);
        }

        var threshold = request.FailureThreshold ?? 1;
        if (threshold < 1)
        {
            throw OtaRequestException.BadRequest("failureThreshold must be at least 1 (the number of failed or rolled-back devices that pauses the campaign).");
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var target = Describe(request, hardwareClass);
        var campaign = Campaign.Create(new CampaignDefinition(0, kind, subject, target, threshold, window, actor, now), waves);
        var detail = $"{kind.ToString().ToLowerInvariant()} {subject}; {targets.Count} device(s) in {waves.Count} wave(s); failure threshold {threshold}; window {window?.ToString() ?? "any time"}; target {target}";
        var id = await store.Ota.InsertCampaignAsync(campaign, new OtaAuditEntry(now, actor, "campaign.create", string.Empty, detail), cancellationToken).ConfigureAwait(false);
        return await GetAsync(id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Campaign> GetAsync(long campaignId, CancellationToken cancellationToken) =>
        await store.Ota.GetCampaignAsync(campaignId, cancellationToken).ConfigureAwait(false)
        ?? throw OtaRequestException.NotFound("Unknown campaign", $"No campaign with id {campaignId}.");

    public Task<Campaign> PauseAsync(long campaignId, string actor, CancellationToken cancellationToken) =>
        OperatorStepAsync(campaignId, actor, "campaign.pause", c => c.Pause($"paused by {actor}"), cancellationToken);

    public Task<Campaign> ResumeAsync(long campaignId, string actor, CancellationToken cancellationToken) =>
        OperatorStepAsync(campaignId, actor, "campaign.resume", c => c.Resume(), cancellationToken);

    public Task<Campaign> AbortAsync(long campaignId, string actor, CancellationToken cancellationToken) =>
        OperatorStepAsync(campaignId, actor, "campaign.abort", c => c.Abort($"aborted by {actor}"), cancellationToken);

    /// <summary>Applies a device's verified report; returns the step's result (refused reports change nothing).</summary>
    public Task<CampaignResult> ApplyReportAsync(long campaignId, string deviceId, DeviceOtaState state, string? reason, long chunksPresent, long chunksTotal, CancellationToken cancellationToken) =>
        DeviceStepAsync(campaignId, c => c.ApplyReport(deviceId, state, reason, chunksPresent, chunksTotal, time.GetUtcNow().ToUnixTimeMilliseconds()), cancellationToken);

    /// <summary>Records that an offer goes out to the device now; refused (nothing to send) when the campaign may not offer to it.</summary>
    public Task<CampaignResult> RecordOfferAsync(long campaignId, string deviceId, CancellationToken cancellationToken) =>
        DeviceStepAsync(campaignId, c => c.RecordOffer(deviceId, time.GetUtcNow().ToUnixTimeMilliseconds()), cancellationToken);

    private async Task<Campaign> OperatorStepAsync(long campaignId, string actor, string action, Func<Campaign, CampaignResult> step, CancellationToken cancellationToken)
    {
        using var turn = await _gates.EnterAsync(campaignId, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < SaveAttempts; attempt++)
        {
            var campaign = await GetAsync(campaignId, cancellationToken).ConfigureAwait(false);
            var result = step(campaign);
            if (!result.Applied)
            {
                throw OtaRequestException.Conflict("Not possible in this state", result.Message);
            }

            var audit = new OtaAuditEntry(time.GetUtcNow().ToUnixTimeMilliseconds(), actor, action, $"campaign {campaignId}", result.Message);
            if (await store.Ota.SaveCampaignAsync(campaign, audit, cancellationToken).ConfigureAwait(false))
            {
                return campaign;
            }
        }

        throw OtaRequestException.Conflict("Campaign busy", $"Campaign {campaignId} kept changing while the step was applied; try again.");
    }

    private async Task<CampaignResult> DeviceStepAsync(long campaignId, Func<Campaign, CampaignResult> step, CancellationToken cancellationToken)
    {
        using var turn = await _gates.EnterAsync(campaignId, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < SaveAttempts; attempt++)
        {
            if (await store.Ota.GetCampaignAsync(campaignId, cancellationToken).ConfigureAwait(false) is not { } campaign)
            {
                return CampaignResult.Refused($"No campaign with id {campaignId}.");
            }

            var result = step(campaign);
            if (!result.Applied || await store.Ota.SaveCampaignAsync(campaign, null, cancellationToken).ConfigureAwait(false))
            {
                return result;
            }
        }

        return CampaignResult.Refused($"Campaign {campaignId} kept changing while the step was applied.");
    }

    private async Task<(CampaignKind Kind, string Subject, string? HardwareClass)> SubjectAsync(CampaignRequest request, CancellationToken cancellationToken)
    {
        if (request.BundleId is { } bundleId)
        {
            var bundle = await store.Ota.GetBundleAsync(bundleId.ToLowerInvariant(), cancellationToken).ConfigureAwait(false)
                ?? throw OtaRequestException.NotFound("Unknown bundle", $"No bundle with id {bundleId}: upload it first ('edgesec ota upload').");
            if (request.HardwareClass is { } requested && requested != bundle.HardwareClass)
            {
                throw OtaRequestException.BadRequest($"Bundle {bundle.Id} is for hardware class '{bundle.HardwareClass}', not '{requested}'.", "WrongHardwareClass");
            }

            return (CampaignKind.Bundle, bundle.Id, bundle.HardwareClass);
        }

        var version = request.RootVersion!.Value;
        if (await store.Ota.GetTrustRootContentAsync(version, cancellationToken).ConfigureAwait(false) is null)
        {
            throw OtaRequestException.NotFound("Unknown trust root", $"No uploaded trust root v{version}: upload it first ('edgesec ota root upload').");
        }

        return (CampaignKind.TrustRoot, version.ToString(System.Globalization.CultureInfo.InvariantCulture), request.HardwareClass);
    }

    private async Task<List<(string DeviceId, string? HardwareClass)>> ResolveTargetsAsync(CampaignRequest request, string? hardwareClass, CancellationToken cancellationToken)
    {
        var devices = (await store.ListDevicesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(d => d.DeviceId, StringComparer.Ordinal);
        var chosen = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var id in request.DeviceIds ?? [])
        {
            if (!devices.TryGetValue(id, out var device))
            {
                throw OtaRequestException.BadRequest($"Device '{id}' is not enrolled.");
            }

            if (device.Status == DeviceStatus.Revoked)
            {
                throw OtaRequestException.BadRequest($"Device '{id}' is revoked.");
            }

            if (hardwareClass is not null && device.HardwareClass != hardwareClass)
            {
                throw OtaRequestException.BadRequest($"Device '{id}' has hardware class '{device.HardwareClass}', the campaign is for '{hardwareClass}'.", "WrongHardwareClass");
            }

            chosen.Add(id);
        }

        if (request.Tags is { Count: > 0 } tags)
        {
            var wanted = tags.ToHashSet(StringComparer.Ordinal);
            foreach (var (deviceId, deviceTags) in await store.Ota.ListDeviceTagsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (deviceTags.Any(wanted.Contains) && devices.TryGetValue(deviceId, out var device) && Eligible(device, hardwareClass))
                {
                    chosen.Add(deviceId);
                }
            }
        }
        else if (request.DeviceIds is not { Count: > 0 })
        {
            chosen.UnionWith(devices.Values.Where(d => Eligible(d, hardwareClass)).Select(d => d.DeviceId));
        }

        return chosen.Count == 0
            ? throw OtaRequestException.BadRequest($"The campaign targets no device: no active device matches {Describe(request, hardwareClass)}.")
            : [.. chosen.Select(id => (id, devices[id].HardwareClass))];
    }

    private static bool Eligible(DeviceRecord device, string? hardwareClass) =>
        device.Status == DeviceStatus.Active && (hardwareClass is null || device.HardwareClass == hardwareClass);

    private static string Describe(CampaignRequest request, string? hardwareClass)
    {
        var parts = new List<string>();
        if (request.DeviceIds is { Count: > 0 } ids)
        {
            parts.Add("devices " + string.Join(",", ids));
        }

        if (request.Tags is { Count: > 0 } tags)
        {
            parts.Add("tags " + string.Join(",", tags));
        }

        if (parts.Count == 0)
        {
            parts.Add("all devices");
        }

        parts.Add(hardwareClass is null ? "any hardware class" : "class " + hardwareClass);
        return string.Join("; ", parts);
    }
}
