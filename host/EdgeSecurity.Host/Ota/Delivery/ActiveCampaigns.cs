using EdgeSecurity.Host.Ota.Campaigns;

namespace EdgeSecurity.Host.Ota.Delivery;

/// <summary>
/// The running and paused campaigns as the offer scheduler last loaded them, for answering chunk requests
/// without a database read per request. At most one scheduler interval old; reports always go to the store.
/// </summary>
public sealed class ActiveCampaigns
{
    private IReadOnlyDictionary<long, Campaign> _campaigns = new Dictionary<long, Campaign>();

    public Campaign? Find(long campaignId) => Volatile.Read(ref _campaigns).GetValueOrDefault(campaignId);

    internal void Replace(IReadOnlyDictionary<long, Campaign> campaigns) => Volatile.Write(ref _campaigns, campaigns);
}
