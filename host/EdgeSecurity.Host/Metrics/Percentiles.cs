namespace EdgeSecurity.Host.Metrics;

/// <summary>Percentiles by linear interpolation between the closest ranks (the median of 10 and 20 is 15).</summary>
public static class Percentiles
{
    /// <summary>The <paramref name="fraction"/> percentile (0..1) of <paramref name="values"/>; null when there are none.</summary>
    public static double? Of(IReadOnlyList<double> values, double fraction)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var rank = fraction * (sorted.Length - 1);
        var lower = (int)Math.Floor(rank);
        var upper = (int)Math.Ceiling(rank);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (rank - lower));
    }
}
