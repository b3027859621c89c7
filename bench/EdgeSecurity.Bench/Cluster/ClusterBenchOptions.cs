using System.Globalization;
using EdgeSecurity.Host.Configuration;

namespace EdgeSecurity.Bench.Cluster;

/// <summary>
/// Command line of the clustered-broker measurements:
/// `cluster ingest|connections|failover [--engines mosquitto,rabbitmq:1,rabbitmq:3] [--hosts 1,2,3] [--devices N] ...`.
/// </summary>
internal sealed record ClusterBenchOptions(
    string Measurement,
    IReadOnlyList<BrokerUnderTest> Engines,
    IReadOnlyList<int> Hosts,
    int Devices,
    int EventsPerDevice,
    int Runs,
    int ConnectConcurrency,
    bool PersistentSessions,
    int PublishIntervalMs,
    bool Json)
{
    /// <summary>The hosts' <c>Ingest:GapWaitMs</c> values to measure (ingest; decision 215): 0 answers a hole at once.</summary>
    public IReadOnlyList<int> GapWaitsMs { get; init; } = [new IngestOptions().GapWaitMs];

    public const string Usage =
        "cluster ingest|connections|failover [--engines mosquitto,rabbitmq:1,rabbitmq:3] [--hosts 1,2,3] [--devices N] " +
        "[--events PER_DEVICE=2000] [--runs N=2] [--concurrency CONNECTS=32] [--sessions persistent|clean] [--interval PUBLISH_MS=1000] [--gap-wait-ms 0,1000] [--json]";

    public static ClusterBenchOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("ingest" or "connections" or "failover"))
        {
            throw new ArgumentException($"Name the measurement first. Usage: {Usage}");
        }

        var options = new ClusterBenchOptions(
            args[0],
            args[0] == "failover" ? [new BrokerUnderTest("rabbitmq", 3)] : [new BrokerUnderTest("mosquitto", 1), new BrokerUnderTest("rabbitmq", 1), new BrokerUnderTest("rabbitmq", 3)],
            [1, 2, 3],
            args[0] switch { "ingest" => 50, "connections" => 1000, _ => 300 },
            2000,
            args[0] == "failover" ? 5 : 1,
            32,
            true,
            1000,
            false);
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. Usage: {Usage}");
            int Positive(string text) =>
                int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n
                    : throw new ArgumentException($"'{text}' is not a positive whole number. Usage: {Usage}");
            int NonNegative(string text) =>
                int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    ? n
                    : throw new ArgumentException($"'{text}' is not a whole number of milliseconds (0 or more). Usage: {Usage}");
            options = args[i] switch
            {
                "--engines" => options with { Engines = [.. Value().Split(',').Select(BrokerUnderTest.Parse)] },
                "--hosts" => options with { Hosts = [.. Value().Split(',').Select(Positive)] },
                "--devices" => options with { Devices = Positive(Value()) },
                "--events" => options with { EventsPerDevice = Positive(Value()) },
                "--runs" => options with { Runs = Positive(Value()) },
                "--concurrency" => options with { ConnectConcurrency = Positive(Value()) },
                "--sessions" => options with
                {
                    PersistentSessions = Value() switch
                    {
                        "persistent" => true,
                        "clean" => false,
                        var other => throw new ArgumentException($"--sessions must be persistent or clean, not '{other}'."),
                    },
                },
                "--interval" => options with { PublishIntervalMs = Positive(Value()) },
                "--gap-wait-ms" => options with { GapWaitsMs = [.. Value().Split(',').Select(NonNegative)] },
                "--json" => options with { Json = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Usage: {Usage}"),
            };
        }

        if (options.Measurement == "failover" && options.Engines.Any(e => e.Nodes < 2))
        {
            throw new ArgumentException("failover needs a broker with at least 2 nodes (--engines rabbitmq:3): a single node has nobody to fail over to.");
        }

        return options;
    }
}

/// <summary>A broker deployment under test: the host's embedded mosquitto, or a RabbitMQ cluster of N nodes.</summary>
internal sealed record BrokerUnderTest(string Engine, int Nodes)
{
    public bool IsMosquitto => Engine == "mosquitto";

    public override string ToString() => IsMosquitto ? "mosquitto" : $"rabbitmq:{Nodes}";

    public static BrokerUnderTest Parse(string text) => text.Split(':') switch
    {
        ["mosquitto"] => new BrokerUnderTest("mosquitto", 1),
        ["rabbitmq", var n] when int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var nodes) && nodes is >= 1 and <= 5 =>
            new BrokerUnderTest("rabbitmq", nodes),
        _ => throw new ArgumentException($"'{text}' is not a broker: mosquitto or rabbitmq:NODES (1-5)."),
    };
}
