namespace EdgeSecurity.Mqtt.Tests.Infrastructure;

/// <summary>Tests that share one mosquitto process.</summary>
[CollectionDefinition(Name)]
public sealed class MosquittoCollection : ICollectionFixture<SharedMosquitto>
{
    public const string Name = "mosquitto";
}

/// <summary>The shared broker of <see cref="MosquittoCollection"/>.</summary>
public sealed class SharedMosquitto : IDisposable
{
    internal MosquittoBroker Broker { get; } = new();

    public void Dispose() => Broker.Dispose();
}
