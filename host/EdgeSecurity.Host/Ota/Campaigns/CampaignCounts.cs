namespace EdgeSecurity.Host.Ota.Campaigns;

/// <summary>How many devices are in each state (for a campaign, one wave or one hardware class).</summary>
public sealed record CampaignCounts(
    int Total,
    int Pending,
    int Offered,
    int Downloading,
    int Verified,
    int Installed,
    int Trial,
    int Confirmed,
    int Failed,
    int RolledBack)
{
    /// <summary>Share of the devices that confirmed a healthy boot, 0..1.</summary>
    public double Adoption => Total == 0 ? 0 : (double)Confirmed / Total;

    public static CampaignCounts Of(IEnumerable<CampaignDevice> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var n = new int[Enum.GetValues<DeviceOtaState>().Length];
        var total = 0;
        foreach (var device in devices)
        {
            n[(int)device.State]++;
            total++;
        }

        return new CampaignCounts(total, n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8]);
    }
}
