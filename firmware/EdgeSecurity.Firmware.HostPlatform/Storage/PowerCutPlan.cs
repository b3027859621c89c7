namespace EdgeSecurity.Firmware.HostPlatform.Storage;

/// <summary>
/// When the simulated power fails: at durable step <see cref="CutAtStep"/> (1-based, counted by
/// <see cref="FileFlashStorage.StepsPerformed"/>), keeping <see cref="TornFraction"/> of that step's
/// bytes (0 = nothing of it reached flash, 1 = all of it, in between = a torn write).
/// Rename and delete steps are atomic: a cut there means they did not happen.
/// </summary>
/// <remarks>
/// Without <see cref="GarbageSeed"/> a torn write leaves only a prefix of its bytes. With it, the rest of
/// the write's range holds pseudo-random bytes from that seed, as flash cells left half-programmed do:
/// the file has its full new length, but its tail is damaged, so only a checksum can tell.
/// </remarks>
public sealed record PowerCutPlan(long CutAtStep, double TornFraction = 0, int? GarbageSeed = null)
{
    public long CutAtStep { get; } = CutAtStep >= 1 ? CutAtStep : throw new ArgumentOutOfRangeException(nameof(CutAtStep), "Steps are counted from 1.");

    public double TornFraction { get; } = TornFraction is >= 0 and <= 1 ? TornFraction : throw new ArgumentOutOfRangeException(nameof(TornFraction), "A fraction between 0 and 1.");
}
