namespace EdgeSecurity.Host.Ota.Campaigns;

/// <summary>
/// One device's progress in a campaign, as the device reported it. Only <see cref="Confirmed"/> (a confirmed
/// healthy boot, or the device already running the bundle confirmed) counts as success: a written image or a
/// reboot does not. <see cref="Confirmed"/>, <see cref="Failed"/> and <see cref="RolledBack"/> are final.
/// </summary>
public enum DeviceOtaState
{
    /// <summary>Not offered yet (its wave has not started, or no download slot was free).</summary>
    Pending = 0,
    Offered = 1,
    Downloading = 2,

    /// <summary>The whole inactive slot verified.</summary>
    Verified = 3,

    /// <summary>Installed, pending the trial boot.</summary>
    Installed = 4,

    /// <summary>Running the new bundle on trial, health check under way.</summary>
    Trial = 5,
    Confirmed = 6,

    /// <summary>Refused the offer or failed the install (reason given).</summary>
    Failed = 7,

    /// <summary>Failed its health check and went back to the previous bundle by itself.</summary>
    RolledBack = 8,
}

/// <summary>Classification of <see cref="DeviceOtaState"/> shared by the state machine and the reports.</summary>
public static class DeviceOtaStates
{
    public static bool IsFinal(this DeviceOtaState state) => state is DeviceOtaState.Confirmed or DeviceOtaState.Failed or DeviceOtaState.RolledBack;

    public static bool IsFailure(this DeviceOtaState state) => state is DeviceOtaState.Failed or DeviceOtaState.RolledBack;

    /// <summary>Offered and not finished: the device is working on it (or stalled), a download slot may be held.</summary>
    public static bool IsInProgress(this DeviceOtaState state) => state is not DeviceOtaState.Pending && !state.IsFinal();

    /// <summary>The lower-case name the API and CLI show ("rolled-back").</summary>
    public static string Name(this DeviceOtaState state) => state switch
    {
        DeviceOtaState.RolledBack => "rolled-back",
        _ => state.ToString().ToLowerInvariant(),
    };
}
