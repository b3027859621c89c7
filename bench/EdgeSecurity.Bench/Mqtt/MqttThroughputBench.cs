using System.Diagnostics;
using System.Globalization;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Bench.Mqtt;

/// <summary>
/// Publish throughput of our client against mosquitto_pub through the same local mosquitto (plain TCP on
/// loopback), received by mosquitto_sub in both cases, plus our QoS 1 publish→PUBACK latency.
/// Run: dotnet run -c Release --project bench/EdgeSecurity.Bench -- mqtt [--quick]
/// </summary>
internal static class MqttThroughputBench
{
    /// <summary>Matches mosquitto_pub's default in-flight limit (20) so both publishers pipeline equally.</summary>
    private const int InFlight = 20;
    private const int Repetitions = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        using var broker = new BenchBroker();
        Console.WriteLine($"mosquitto on 127.0.0.1:{broker.Port} (plain TCP), {Environment.ProcessorCount} cores, {Repetitions} runs each, median reported");
        Console.WriteLine("| QoS | payload | messages | mosquitto_pub end-to-end msg/s | ours end-to-end msg/s | ratio | mosquitto_pub publisher-side msg/s | ours publisher-side msg/s | ratio |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var qos in new[] { 0, 1 })
        {
            foreach (var size in new[] { 64, 1024, 16 * 1024 })
            {
                var count = MessageCount(size, qos, quick);
                var native = new List<Rates>();
                var ours = new List<Rates>();
                for (var run = 0; run < Repetitions; run++)
                {
                    native.Add(await MeasureAsync(broker, qos, count, () => RunNativePublisherAsync(broker, qos, size, count)));
                    ours.Add(await MeasureAsync(broker, qos, count, () => RunOurPublisherAsync(broker, qos, size, count)));
                }

                var n = Median(native.Select(r => r.EndToEnd));
                var o = Median(ours.Select(r => r.EndToEnd));
                var np = Median(native.Select(r => r.PublisherSide));
                var op = Median(ours.Select(r => r.PublisherSide));
                Console.WriteLine($"| {qos} | {size} B | {count} | {n:N0} | {o:N0} | {o / n:P0} | {np:N0} | {op:N0} | {op / np:P0} |");
            }
        }

        await MeasureLatencyAsync(broker, quick ? 500 : 2000);
        return 0;
    }

    private static int MessageCount(int size, int qos, bool quick)
    {
        var count = size switch { 64 => 50_000, 1024 => 50_000, _ => 5_000 };
        count = qos == 1 ? count / 2 : count;
        return quick ? count / 10 : count;
    }

    /// <summary>
    /// Messages per second from the start of publishing until mosquitto_sub has received all of them (end to end),
    /// and until the publisher finished (QoS 1: all acknowledged; QoS 0: all written to the socket).
    /// </summary>
    private static async Task<Rates> MeasureAsync(BenchBroker broker, int qos, int count, Func<Task> publish)
    {
        var topic = "bench/" + Guid.NewGuid().ToString("N");
        using var subscriber = new NativeSubscriber(broker.Port, topic, qos, count);
        await subscriber.WaitSubscribedAsync();
        CurrentTopic = topic;
        var clock = Stopwatch.StartNew();
        await publish();
        var publisherSide = count / clock.Elapsed.TotalSeconds;
        if (!await subscriber.WaitDoneAsync(TimeSpan.FromSeconds(120)))
        {
            throw new InvalidOperationException($"mosquitto_sub received {subscriber.Received} of {count} messages");
        }

        return new Rates(count / clock.Elapsed.TotalSeconds, publisherSide);
    }

    private static string CurrentTopic { get; set; } = "bench";

    private static async Task RunNativePublisherAsync(BenchBroker broker, int qos, int size, int count)
    {
        // One message per line: size characters plus the newline, which -l strips.
        var file = Path.Combine(broker.Directory, $"lines-{size}-{count}.txt");
        if (!File.Exists(file))
        {
            var line = new string('x', size) + "\n";
            await File.WriteAllTextAsync(file, string.Concat(Enumerable.Repeat(line, count)));
        }

        var info = new ProcessStartInfo("mosquitto_pub", ["-h", "127.0.0.1", "-p", broker.Port.ToString(CultureInfo.InvariantCulture), "-t", CurrentTopic,
            "-q", qos.ToString(CultureInfo.InvariantCulture), "-l"])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("mosquitto_pub did not start");
        await using (var input = File.OpenRead(file))
        {
            await input.CopyToAsync(process.StandardInput.BaseStream);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync();
    }

    private static async Task RunOurPublisherAsync(BenchBroker broker, int qos, int size, int count)
    {
        await using var client = new MqttClient(Options(broker, "bench-pub"));
        await client.ConnectAsync();
        var payload = new byte[size];
        Array.Fill(payload, (byte)'x');
        if (qos == 0)
        {
            for (var i = 0; i < count; i++)
            {
                await client.PublishAsync(CurrentTopic, payload, MqttQos.AtMostOnce);
            }
        }
        else
        {
            var pending = new Task[count];
            for (var i = 0; i < count; i++)
            {
                pending[i] = client.PublishAsync(CurrentTopic, payload, MqttQos.AtLeastOnce);
            }

            await Task.WhenAll(pending);
        }

        await client.DisconnectAsync();
    }

    private static async Task MeasureLatencyAsync(BenchBroker broker, int count)
    {
        await using var client = new MqttClient(Options(broker, "bench-latency"));
        await client.ConnectAsync();
        var payload = new byte[64];
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await client.PublishAsync("bench/latency", payload, MqttQos.AtLeastOnce);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(samples);
        Console.WriteLine();
        Console.WriteLine($"QoS 1 publish→PUBACK latency, 64 B, one at a time, {count} messages: " +
            $"p50 {samples[count / 2]:N0} µs, p99 {samples[(int)(count * 0.99)]:N0} µs, max {samples[^1]:N0} µs");
        await client.DisconnectAsync();
    }

    private static MqttClientOptions Options(BenchBroker broker, string clientId) => new()
    {
        Host = "127.0.0.1",
        Port = broker.Port,
        ClientId = clientId,
        CleanSession = true,
        MaxInFlight = InFlight,
        Reconnect = new MqttReconnectOptions { Enabled = false },
    };

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private readonly record struct Rates(double EndToEnd, double PublisherSide);
}
