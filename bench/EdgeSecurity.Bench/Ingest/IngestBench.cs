using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Platform.Crypto;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Bench.Ingest;

/// <summary>
/// Durable ingest load against the real host (in this process: embedded mosquitto with mutual TLS, ingest,
/// SQLite or PostgreSQL), beside mosquitto's raw delivery rate for the same payloads in the same run.
/// Run: dotnet run -c Release --project bench/EdgeSecurity.Bench -- ingest --devices 50 --db both --json
/// </summary>
internal static class IngestBench
{
    /// <summary>A device report leaf the host does not consume; the raw phase publishes the batches there.</summary>
    private const string RawLeaf = DeviceTopics.CommandResults;

    /// <summary>The raw phase sends the workload this many times: delivery is so much faster than storage that one pass lasts well under a second.</summary>
    private const int RawRounds = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        IngestBenchOptions options;
        try
        {
            options = IngestBenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        using var fleet = BenchFleet.Create(options.Devices);
        var mac = new HmacSha256MacPrimitive();
        Progress($"fleet: {options.Devices} devices enrolled; building {options.EventsPerDevice} MAC-chained events per device");
        var workloads = fleet.DeviceIds.ToDictionary(id => id, id => DeviceWorkload.Build(id, fleet.EventKey(id), mac, options.EventsPerDevice, options.RecordsPerBatch));
        var results = new List<IngestRunResult>();
        foreach (var database in options.Databases)
        {
            results.Add(await RunOnceAsync(options, fleet, workloads, database).ConfigureAwait(false));
        }

        if (options.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(results, JsonOptions));
        }
        else
        {
            PrintTable(results);
        }

        return 0;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static async Task<IngestRunResult> RunOnceAsync(IngestBenchOptions options, BenchFleet fleet, Dictionary<string, IReadOnlyList<BenchBatch>> workloads, string provider)
    {
        var dataDirectory = Path.Combine(fleet.Root, "host-" + provider);
        await using var database = await BenchDatabase.CreateAsync(provider, dataDirectory).ConfigureAwait(false);
        var hostOptions = new EdgeSecurityHostOptions { DataDirectory = dataDirectory, PkiDirectory = fleet.Pki.Root };
        hostOptions.Urls.Add("http://127.0.0.1:0");
        database.Configure(hostOptions.Storage);
        await using var host = await EdgeSecurityHost.StartAsync(hostOptions, CancellationToken.None, builder => builder.Logging.ClearProviders().AddConsole(c => c.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning).AddFilter("EdgeSecurity.Host.Ingest", LogLevel.Information)).ConfigureAwait(false);
        Progress($"[{provider}] host started, mosquitto on 127.0.0.1:{host.BrokerPort}");

        var mac = new HmacSha256MacPrimitive();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var devices = fleet.DeviceIds.Select(id => new BenchDevice(id, fleet.EventKey(id), mac, workloads[id], options.Window, fleet.DeviceConnection(id, host.BrokerPort))).ToList();
        try
        {
            foreach (var chunk in devices.Chunk(16))
            {
                await Task.WhenAll(chunk.Select(d => d.ConnectAsync())).ConfigureAwait(false);
            }

            var perDevice = (GC.GetTotalMemory(forceFullCollection: true) - before) / devices.Count;
            var loadBefore = LoadAverage();
            var totalEvents = workloads.Values.Sum(w => w.Sum(b => (long)b.Records));
            var totalMessages = workloads.Values.Sum(w => (long)w.Count);

            var (rawSeconds, rawMessages, rawOutOfOrder) = await RawPhaseAsync(fleet, host.BrokerPort, devices, totalMessages * RawRounds, provider).ConfigureAwait(false);
            var (ackOnlySeconds, ackOnlyLatencies) = await AckOnlyPhaseAsync(fleet, host.BrokerPort, devices, totalEvents, provider).ConfigureAwait(false);
            var metrics = host.Services.GetRequiredService<IngestMetrics>();
            metrics.Reset();
            var latencies = new LatencyRecorder();
            long stored = 0;
            var clock = Stopwatch.StartNew();
            using (StartProgress($"[{provider}] ingest", () => Interlocked.Read(ref stored), totalEvents, clock))
            {
                await Task.WhenAll(devices.Select(d => d.IngestAsync(DeviceTopics.Events, latencies, n => Interlocked.Add(ref stored, n)))).ConfigureAwait(false);
            }

            var ingestSeconds = clock.Elapsed.TotalSeconds;
            var ingest = host.Services.GetRequiredService<IngestService>();
            if (ingest.Reconnects > 0)
            {
                Progress($"[{provider}] the host's ingest connection reconnected {ingest.Reconnects} times; last reason: {ingest.LastDisconnectReason?.Message}");
            }

            var rows = await database.CountEventsAsync().ConfigureAwait(false);
            if (rows != totalEvents)
            {
                throw new InvalidOperationException($"[{provider}] {rows} events in the database, expected {totalEvents}: acks and storage disagree.");
            }

            var rawRate = rawMessages * ((double)totalEvents / totalMessages) / rawSeconds;
            var ingestRate = totalEvents / ingestSeconds;
            var ackOnlyRate = totalEvents / ackOnlySeconds;
            return new IngestRunResult(
                provider,
                options.Devices,
                options.RecordsPerBatch,
                options.Window,
                totalEvents,
                totalMessages,
                totalMessages * RawRounds,
                rawMessages,
                rawOutOfOrder,
                Math.Round(rawSeconds, 3),
                Math.Round(rawRate),
                Math.Round(ingestSeconds, 3),
                Math.Round(ingestRate),
                Math.Round(ingestRate / rawRate, 3),
                Math.Round(ackOnlyRate),
                Math.Round(ackOnlyRate / rawRate, 3),
                Math.Round(ingestRate / ackOnlyRate, 3),
                Math.Round(ackOnlyLatencies.Percentile(0.50), 2),
                Math.Round(latencies.Percentile(0.50), 2),
                Math.Round(latencies.Percentile(0.99), 2),
                rows,
                devices.Sum(d => d.BusyAcks),
                devices.Sum(d => d.GapAcks),
                ingest.Reconnects,
                perDevice,
                loadBefore,
                LoadAverage(),
                metrics.Snapshot());
        }
        finally
        {
            foreach (var device in devices)
            {
                await device.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // The same payloads over the same device connections, to a leaf only the plain subscriber reads. mosquitto
    // drops QoS 1 messages for a subscriber that is more than max_queued_messages (default 1000) behind, so the
    // phase ends when everything arrived or nothing more arrived for 3 s after the last PUBACK; the rate counts
    // what was delivered, up to the last delivery.
    private static async Task<(double Seconds, long Messages, long OutOfOrder)> RawPhaseAsync(BenchFleet fleet, int port, List<BenchDevice> devices, long totalMessages, string provider)
    {
        await using var subscriber = new RawSubscriber(fleet.ServiceConnection("bench-raw-subscriber", port), RawLeaf, totalMessages);
        await subscriber.ConnectAsync().ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        var clock = Stopwatch.StartNew();
        using (StartProgress($"[{provider}] raw delivery (messages)", () => subscriber.Received, totalMessages, clock))
        {
            await Task.WhenAll(devices.Select(d => d.PublishRawAsync(RawLeaf, RawRounds))).ConfigureAwait(false);
            while (!subscriber.AllDelivered.IsCompleted && Stopwatch.GetElapsedTime(Math.Max(subscriber.LastDelivery, started)) < TimeSpan.FromSeconds(3))
            {
                await Task.WhenAny(subscriber.AllDelivered, Task.Delay(100)).ConfigureAwait(false);
            }
        }

        if (subscriber.Received < totalMessages)
        {
            Progress($"[{provider}] raw delivery: mosquitto delivered {subscriber.Received} of {totalMessages} messages (it drops QoS 1 messages beyond a subscriber's max_queued_messages)");
        }

        return (Stopwatch.GetElapsedTime(started, subscriber.LastDelivery).TotalSeconds, subscriber.Received, subscriber.OutOfOrder);
    }

    // The devices' real protocol (window, MAC'd acks through the broker) against a responder that only decodes and
    // acks (AckOnlyResponder), on the raw leaf the host does not read: the ceiling of any host here.
    private static async Task<(double Seconds, LatencyRecorder Latencies)> AckOnlyPhaseAsync(BenchFleet fleet, int port, List<BenchDevice> devices, long totalEvents, string provider)
    {
        var keys = fleet.DeviceIds.ToDictionary(id => id, fleet.EventKey, StringComparer.Ordinal);
        await using var responder = new AckOnlyResponder(fleet.ServiceConnection("bench-ack-only", port), RawLeaf, keys, new HmacSha256MacPrimitive());
        await responder.ConnectAsync().ConfigureAwait(false);
        var latencies = new LatencyRecorder();
        long acked = 0;
        var clock = Stopwatch.StartNew();
        using (StartProgress($"[{provider}] ack-only responder (events)", () => Interlocked.Read(ref acked), totalEvents, clock))
        {
            await Task.WhenAll(devices.Select(d => d.IngestAsync(RawLeaf, latencies, n => Interlocked.Add(ref acked, n)))).ConfigureAwait(false);
        }

        if (responder.Failures > 0)
        {
            Progress($"[{provider}] ack-only responder: {responder.Failures} acks were not confirmed by the broker");
        }

        return (clock.Elapsed.TotalSeconds, latencies);
    }

    internal static Timer StartProgress(string phase, Func<long> done, long total, Stopwatch clock)
    {
        long last = 0;
        var lastAt = TimeSpan.Zero;
        return new Timer(
            _ =>
            {
                var now = done();
                var at = clock.Elapsed;
                var rate = (now - last) / Math.Max(0.001, (at - lastAt).TotalSeconds);
                (last, lastAt) = (now, at);
                Progress($"{phase}: {now:N0}/{total:N0} after {at.TotalSeconds:F1} s, {rate:N0}/s in the last second, load {LoadAverage():F2}");
            },
            null,
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(1));
    }

    internal static void Progress(string line) => Console.Error.WriteLine(line);

    /// <summary>1-minute load average (other engineers build on the same 2 cores); NaN where /proc is missing.</summary>
    internal static double LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static void PrintTable(List<IngestRunResult> results)
    {
        Console.WriteLine("| database | devices | events | raw delivery ev/s | ack-only ceiling ev/s (of raw) | stored+acked ev/s | of raw | of ceiling | p50 ms | p99 ms | busy/gap acks | load before/after |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {r.Database} | {r.Devices} | {r.Events:N0} | {r.RawEventsPerSecond:N0} | {r.AckOnlyEventsPerSecond:N0} ({r.AckOnlyRatioToRaw:P0}) | {r.StoredAckedEventsPerSecond:N0} | {r.RatioToRaw:P0} | {r.RatioToAckOnly:P0} | {r.LatencyP50Ms:F1} | {r.LatencyP99Ms:F1} | {r.BusyAcks}/{r.GapAcks} | {r.LoadAverage1MinBefore:F1}/{r.LoadAverage1MinAfter:F1} |"));
        }
    }
}
