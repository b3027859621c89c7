namespace EdgeSecurity.Mqtt.Client;

/// <summary>
/// Exponential backoff with "equal jitter": attempt n waits between half and all of min(max, initial × 2^n),
/// so thousands of simulated devices do not reconnect in lockstep after a broker restart.
/// </summary>
internal static class ReconnectBackoff
{
    public static TimeSpan Delay(MqttReconnectOptions options, int attempt)
    {
        var ceiling = options.InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(ceiling, options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }
}
