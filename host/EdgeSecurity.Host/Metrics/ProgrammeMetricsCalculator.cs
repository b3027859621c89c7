using EdgeSecurity.Host.Ota.Campaigns;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Storage.Sql;

namespace EdgeSecurity.Host.Metrics;

/// <summary>
/// Computes programme metrics from a fleet history (definitions in docs/metrics.md). Pure: the same history
/// gives the same numbers, and everything is judged as of the window's end, so a past month's report does
/// not change when it is generated again later (alert actions after the window are not counted).
/// </summary>
public static class ProgrammeMetricsCalculator
{
    private const double MsPerHour = 3_600_000;
    private const double MsPerMinute = 60_000;

    /// <summary>Actors that are not analysts: the host resolving alerts itself, the schema migration.</summary>
    private static readonly HashSet<string> SystemActors = new(StringComparer.Ordinal) { SqlTelemetryStore.HostActor, "migration" };

    public static ProgrammeMetrics Compute(ProgrammeHistory history, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(history);
        var fleet = history.Devices.Where(d => InFleetAt(d, history.ToMs)).ToList();
        var running = RunningVersions(history.Boots);
        return new ProgrammeMetrics(
            DateTimeOffset.FromUnixTimeMilliseconds(history.FromMs),
            DateTimeOffset.FromUnixTimeMilliseconds(history.ToMs),
            generatedAt,
            Fleet(history, fleet),
            Vulnerable(history.Advisories, fleet, running),
            Adoption(history, fleet, running),
            Updates(history.FinishedUpdates),
            Incidents(history),
            Response(history));
    }

    /// <summary>Enrolled before the window's end and not revoked by then.</summary>
    private static bool InFleetAt(DeviceRecord device, long atMs) =>
        device.EnrolledAtMs < atMs && (device.RevokedAtMs is { } revoked ? revoked >= atMs : device.Status != DeviceStatus.Revoked);

    /// <summary>The version each device's newest (highest sequence) successful boot reported.</summary>
    private static Dictionary<string, string> RunningVersions(IReadOnlyList<BootReport> boots)
    {
        var newest = new Dictionary<string, BootReport>(StringComparer.Ordinal);
        foreach (var boot in boots)
        {
            if (!newest.TryGetValue(boot.DeviceId, out var known) || boot.Sequence > known.Sequence)
            {
                newest[boot.DeviceId] = boot;
            }
        }

        return newest.ToDictionary(p => p.Key, p => p.Value.Version, StringComparer.Ordinal);
    }

    private static FleetHealth Fleet(ProgrammeHistory history, List<DeviceRecord> fleet)
    {
        var reporting = fleet.Count(d => history.ReportingDeviceIds.Contains(d.DeviceId));
        return new FleetHealth(fleet.Count, reporting, fleet.Count - reporting, history.DroppedEvents, history.RejectedMessages);
    }

    private static VulnerableFleet Vulnerable(IReadOnlyList<AdvisoryRecord> advisories, List<DeviceRecord> fleet, Dictionary<string, string> running)
    {
        var exposed = new HashSet<string>(StringComparer.Ordinal);
        var exposures = new List<AdvisoryExposure>();
        foreach (var advisory in advisories)
        {
            var devices = fleet
                .Where(d => d.HardwareClass == advisory.HardwareClass && running.TryGetValue(d.DeviceId, out var version) && IsAffected(advisory, version))
                .Select(d => d.DeviceId)
                .ToList();
            exposed.UnionWith(devices);
            exposures.Add(new AdvisoryExposure(advisory.Id, advisory.Title, advisory.Severity, advisory.HardwareClass, advisory.AffectedVersions, advisory.FixedIn, devices.Count));
        }

        return new VulnerableFleet(exposed.Count, exposures);
    }

    /// <summary>Runs a version the advisory names, and not the fixed-in version or a later one.</summary>
    public static bool IsAffected(AdvisoryRecord advisory, string version)
    {
        ArgumentNullException.ThrowIfNull(advisory);
        var named = advisory.AffectedVersions.Any(a => a == version || FirmwareVersionOrder.Compare(a, version) == 0);
        return named && !(FirmwareVersionOrder.Compare(version, advisory.FixedIn) >= 0);
    }

    private static List<FixAdoption> Adoption(ProgrammeHistory history, List<DeviceRecord> fleet, Dictionary<string, string> running)
    {
        var adoption = new List<FixAdoption>();
        foreach (var release in history.Releases)
        {
            if (release.FirstCampaignAtMs is not { } releasedAt || releasedAt >= history.ToMs)
            {
                continue;
            }

            var classDevices = fleet.Where(d => d.HardwareClass == release.HardwareClass).Select(d => d.DeviceId).ToHashSet(StringComparer.Ordinal);
            var firstAdopted = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var boot in history.Boots)
            {
                if (classDevices.Contains(boot.DeviceId) && !firstAdopted.ContainsKey(boot.DeviceId) && FirmwareVersionOrder.Compare(boot.Version, release.Version) >= 0)
                {
                    firstAdopted[boot.DeviceId] = boot.ReceivedAtMs;
                }
            }

            var times = firstAdopted.Values.Select(at => Math.Max(0, at - releasedAt) / MsPerHour).Order().ToList();
            var to50 = HoursToShare(times, classDevices.Count, 0.5);
            var to90 = HoursToShare(times, classDevices.Count, 0.9);

            // A fix 90 % adopted before the window began is history, not this window's news.
            if (releasedAt < history.FromMs && to90 is { } done && releasedAt + (done * MsPerHour) < history.FromMs)
            {
                continue;
            }

            var adopted = classDevices.Count(id => running.TryGetValue(id, out var version) && FirmwareVersionOrder.Compare(version, release.Version) >= 0);
            adoption.Add(new FixAdoption(
                release.BundleId, release.Version, release.HardwareClass, DateTimeOffset.FromUnixTimeMilliseconds(releasedAt), classDevices.Count, adopted, to50, to90));
        }

        return adoption;
    }

    /// <summary>Hours until ⌈share × devices⌉ devices had adopted; null when that many never did (or there are none).</summary>
    private static double? HoursToShare(List<double> sortedHours, int devices, double share)
    {
        if (devices == 0)
        {
            return null;
        }

        var needed = Math.Max(1, (int)Math.Ceiling(share * devices));
        return sortedHours.Count >= needed ? sortedHours[needed - 1] : null;
    }

    private static UpdateOutcomes Updates(IReadOnlyList<FinishedUpdate> updates)
    {
        var confirmed = updates.Count(u => u.State == (int)DeviceOtaState.Confirmed);
        var failed = updates.Count(u => u.State == (int)DeviceOtaState.Failed);
        var rolledBack = updates.Count(u => u.State == (int)DeviceOtaState.RolledBack);
        var attempts = confirmed + failed + rolledBack;
        return new UpdateOutcomes(
            attempts, confirmed, failed, rolledBack, attempts == 0 ? null : (double)failed / attempts, attempts == 0 ? null : (double)rolledBack / attempts);
    }

    /// <summary>Alerts raised in the window by class, except those an analyst had marked false positive by its end.</summary>
    private static List<IncidentCount> Incidents(ProgrammeHistory history)
    {
        var lastStatus = new Dictionary<long, string>();
        foreach (var change in history.StatusChanges)
        {
            lastStatus[change.AlertId] = change.NewValue;
        }

        return history.Alerts
            .Where(a => !(lastStatus.TryGetValue(a.Id, out var status) && status == AlertStatusNames.NameOf(AlertStatus.FalsePositive)))
            .GroupBy(a => IncidentClasses.Of(a.Rule), StringComparer.Ordinal)
            .Select(g => new IncidentCount(g.Key, g.Count()))
            .OrderByDescending(i => i.Count)
            .ThenBy(i => i.Class, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Minutes from an alert being raised to an analyst's first status change (acknowledging it, or closing it
    /// straight away) and to an analyst closing it (resolved or false positive). The host's own resolutions are
    /// not analyst response and are left out.
    /// </summary>
    private static AlertResponse Response(ProgrammeHistory history)
    {
        var raised = history.Alerts.ToDictionary(a => a.Id, a => a.CreatedAtMs);
        var acknowledged = new Dictionary<long, double>();
        var resolved = new Dictionary<long, double>();
        var newName = AlertStatusNames.NameOf(AlertStatus.New);
        var closing = new HashSet<string>(StringComparer.Ordinal) { AlertStatusNames.NameOf(AlertStatus.Resolved), AlertStatusNames.NameOf(AlertStatus.FalsePositive) };
        foreach (var change in history.StatusChanges)
        {
            if (SystemActors.Contains(change.Actor) || !raised.TryGetValue(change.AlertId, out var createdAt))
            {
                continue;
            }

            var minutes = Math.Max(0, change.AtMs - createdAt) / MsPerMinute;
            if (change.NewValue != newName)
            {
                acknowledged.TryAdd(change.AlertId, minutes);
            }

            if (closing.Contains(change.NewValue))
            {
                resolved.TryAdd(change.AlertId, minutes);
            }
        }

        var ack = acknowledged.Values.ToList();
        var res = resolved.Values.ToList();
        return new AlertResponse(ack.Count, res.Count, Percentiles.Of(ack, 0.5), Percentiles.Of(ack, 0.9), Percentiles.Of(res, 0.5), Percentiles.Of(res, 0.9));
    }
}
