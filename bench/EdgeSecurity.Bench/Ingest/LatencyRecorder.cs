namespace EdgeSecurity.Bench.Ingest;

/// <summary>Publish→ack times of batches (every record of a batch has its batch's latency), in milliseconds.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<double> _samples = [];

    public void Add(double milliseconds)
    {
        lock (_samples)
        {
            _samples.Add(milliseconds);
        }
    }

    /// <summary>The value below which <paramref name="fraction"/> of the samples lie (nearest rank); NaN without samples.</summary>
    public double Percentile(double fraction)
    {
        lock (_samples)
        {
            if (_samples.Count == 0)
            {
                return double.NaN;
            }

            _samples.Sort();
            var rank = (int)Math.Ceiling(fraction * _samples.Count) - 1;
            return _samples[Math.Clamp(rank, 0, _samples.Count - 1)];
        }
    }
}
