namespace EdgeSecurity.Mqtt.Client;

/// <summary>Automatic reconnect after a lost connection, with jittered exponential backoff.</summary>
public sealed class MqttReconnectOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>Delay before the first attempt; each failed attempt doubles it up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Told about each failed automatic reconnect attempt (the exception says why), e.g. so a device can record
    /// connection failures. Runs on the reconnect loop: it must return quickly and must not throw.
    /// </summary>
    public Action<Exception>? AttemptFailed { get; init; }
}
