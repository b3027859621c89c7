using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Host.Ota.Campaigns;

namespace EdgeSecurity.Host.Ota.Delivery;

/// <summary>What a device's report stage means for its campaign state, and its reason as operators read it.</summary>
public static class OtaStageMapping
{
    /// <summary>The campaign state a stage moves the device to; null when the stage does not fit the campaign's kind
    /// (a root installed in a bundle campaign, a bundle confirmed in a root campaign).</summary>
    public static DeviceOtaState? StateOf(OtaStage stage, CampaignKind kind) => stage switch
    {
        OtaStage.Accepted or OtaStage.Downloading => DeviceOtaState.Downloading,
        OtaStage.Refused or OtaStage.Failed => DeviceOtaState.Failed,
        OtaStage.Verified => DeviceOtaState.Verified,
        OtaStage.Installed => DeviceOtaState.Installed,
        OtaStage.TrialBoot => DeviceOtaState.Trial,
        OtaStage.RolledBack => DeviceOtaState.RolledBack,
        OtaStage.Confirmed or OtaStage.AlreadyInstalled when kind == CampaignKind.Bundle => DeviceOtaState.Confirmed,
        OtaStage.RootInstalled when kind == CampaignKind.TrustRoot => DeviceOtaState.Confirmed,
        _ => null,
    };

    /// <summary>
    /// A refusal of an offer as a replay: the device had accepted a newer offer already. It says one offer's
    /// delivery was stale, not that the update failed, so it never moves the device to <see cref="DeviceOtaState.Failed"/>.
    /// </summary>
    public static bool IsReplayRefusal(OtaStage stage, int reason) =>
        stage == OtaStage.Refused && reason == OtaReason.FromOta(OtaFailure.ReplayedOffer);

    /// <summary>"Bundle.CounterRollback: text" — the family's failure name and the device's text.</summary>
    public static string? ReasonText(int reason, string text)
    {
        if (reason == OtaReason.None)
        {
            return text.Length == 0 ? null : text;
        }

        var code = OtaReason.CodeOf(reason);
        var name = OtaReason.FamilyOf(reason) switch
        {
            OtaReasonFamily.Bundle => "Bundle." + (BundleFailure)code,
            OtaReasonFamily.Install => "Install." + (InstallFailure)code,
            OtaReasonFamily.TrustRoot => "TrustRoot." + (TrustRootFailure)code,
            OtaReasonFamily.Malformed => "Malformed." + (MalformedReason)code,
            OtaReasonFamily.Ota => "Ota." + (OtaFailure)code,
            _ => "reason " + reason,
        };
        return text.Length == 0 ? name : name + ": " + text;
    }
}
