using EdgeSecurity.Host.Ota.Campaigns;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage;

/// <summary>
/// Durable OTA state: bundles (content-addressed), trust roots, per-class minimum counters, device tags,
/// campaigns and the audit of operator actions. Every change an operator makes is written in the same
/// transaction as its audit entry. Both databases pass the same contract tests.
/// </summary>
public interface IOtaStore
{
    /// <summary>Stores a validated bundle unless one with the same id is stored; returns whether it was new.
    /// The audit entry is written either way.</summary>
    Task<bool> AddBundleAsync(OtaBundleRecord bundle, byte[] content, OtaAuditEntry audit, CancellationToken cancellationToken);

    Task<OtaBundleRecord?> GetBundleAsync(string bundleId, CancellationToken cancellationToken);

    /// <summary>The stored container bytes, or null.</summary>
    Task<byte[]?> GetBundleContentAsync(string bundleId, CancellationToken cancellationToken);

    /// <summary>All bundles, newest upload first.</summary>
    Task<IReadOnlyList<OtaBundleRecord>> ListBundlesAsync(CancellationToken cancellationToken);

    /// <summary>Stores a validated trust root unless that version is stored; returns whether it was new.</summary>
    Task<bool> AddTrustRootAsync(OtaTrustRootRecord root, byte[] content, OtaAuditEntry audit, CancellationToken cancellationToken);

    /// <summary>The stored signed root of <paramref name="version"/>, or null.</summary>
    Task<byte[]?> GetTrustRootContentAsync(int version, CancellationToken cancellationToken);

    /// <summary>All uploaded roots, highest version first.</summary>
    Task<IReadOnlyList<OtaTrustRootRecord>> ListTrustRootsAsync(CancellationToken cancellationToken);

    /// <summary>The fleet's minimum security counter for a hardware class; 0 when none was set.</summary>
    Task<long> GetMinimumCounterAsync(string hardwareClass, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, long>> ListMinimumCountersAsync(CancellationToken cancellationToken);

    Task SetMinimumCounterAsync(string hardwareClass, long minimum, OtaAuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Replaces the device's tags.</summary>
    Task SetDeviceTagsAsync(string deviceId, IReadOnlyCollection<string> tags, OtaAuditEntry audit, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> GetDeviceTagsAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>Every device's tags (devices without tags are absent).</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ListDeviceTagsAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new campaign (its definition's id is ignored) and returns the id assigned.</summary>
    Task<long> InsertCampaignAsync(Campaign campaign, OtaAuditEntry audit, CancellationToken cancellationToken);

    Task<Campaign?> GetCampaignAsync(long campaignId, CancellationToken cancellationToken);

    /// <summary>All campaigns, newest first.</summary>
    Task<IReadOnlyList<Campaign>> ListCampaignsAsync(CancellationToken cancellationToken);

    /// <summary>Ids of the campaigns that are running or paused (a device is in at most one of them).</summary>
    Task<IReadOnlyList<long>> ListActiveCampaignIdsAsync(CancellationToken cancellationToken);

    /// <summary>The active (running or paused) campaign that targets <paramref name="deviceId"/>, if any.</summary>
    Task<long?> FindActiveCampaignAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the campaign's status and its changed devices, with <paramref name="audit"/> when given, if the
    /// stored copy is still the revision it was loaded from; false (nothing written) when another writer saved
    /// first: reload and apply the step again.
    /// </summary>
    Task<bool> SaveCampaignAsync(Campaign campaign, OtaAuditEntry? audit, CancellationToken cancellationToken);

    /// <summary>Audit entries, newest first.</summary>
    Task<Page<OtaAuditEntry>> QueryAuditAsync(string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>The next offer sequence for the device: max(<paramref name="nowMs"/>, last + 1), stored before it is returned.</summary>
    Task<long> NextOfferSequenceAsync(string deviceId, long nowMs, CancellationToken cancellationToken);
}
