using System.Globalization;

namespace EdgeSecurity.Host.Ota.Campaigns;

/// <summary>
/// Splits a campaign's targets into waves. Each step gives how many targets the waves up to and including it
/// cover: a count ("1") or a share of all targets ("10%", rounded up). "1,10%,100%" is one device, then up to
/// a tenth, then the rest. A step that adds nobody (10 % of 5 devices after 1) is dropped; the last step must
/// cover every target.
/// </summary>
public static class WavePlan
{
    public const int MaxWaves = 20;

    public static IReadOnlyList<IReadOnlyList<T>> Split<T>(IReadOnlyList<T> targets, IReadOnlyList<string> steps)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(steps);
        if (targets.Count == 0)
        {
            throw new ArgumentException("The campaign targets no device: check the device ids, tags and hardware class.");
        }

        if (steps.Count is 0 or > MaxWaves)
        {
            throw new ArgumentException($"Give 1 to {MaxWaves} waves, for example 1,10%,100%.");
        }

        var waves = new List<IReadOnlyList<T>>();
        var covered = 0;
        var previous = 0;
        foreach (var step in steps)
        {
            var through = Cumulative(step, targets.Count);
            if (through < previous)
            {
                throw new ArgumentException($"Wave '{step}' covers fewer devices ({through}) than the wave before it ({previous}): each wave gives the total reached so far.");
            }

            previous = through;
            if (through > covered)
            {
                waves.Add([.. targets.Skip(covered).Take(through - covered)]);
                covered = through;
            }
        }

        return covered == targets.Count
            ? waves
            : throw new ArgumentException($"The last wave reaches {covered} of {targets.Count} targeted devices: end the waves with 100%.");
    }

    private static int Cumulative(string step, int total)
    {
        var text = step.Trim();
        if (text.EndsWith('%'))
        {
            return int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var percent) && percent is >= 1 and <= 100
                ? (int)Math.Ceiling(total * percent / 100.0)
                : throw new ArgumentException($"Invalid wave '{step}': a share is 1% to 100%.");
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1
            ? Math.Min(count, total)
            : throw new ArgumentException($"Invalid wave '{step}': use a device count (1) or a share (10%).");
    }
}
