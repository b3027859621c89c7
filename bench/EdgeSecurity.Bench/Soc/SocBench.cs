using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using EdgeSecurity.Bench.Ingest;
using EdgeSecurity.Firmware.Core.Events;

namespace EdgeSecurity.Bench.Soc;

/// <summary>
/// The SOC's read paths at fleet scale (docs/performance.md "SOC queries at 10,000 devices"): a database seeded
/// with <see cref="SocDataSet"/> by <see cref="SocSeeder"/>, then the real host (Kestrel on loopback, the same
/// process) answering HTTP requests one at a time: latency percentiles per query kind, and an OCSF NDJSON export
/// of every event with the process's memory sampled as it streams.
/// Run: dotnet run -c Release --project bench/EdgeSecurity.Bench -- soc --db both
/// </summary>
internal static class SocBench
{
    private const int PageSize = 50;

    public static async Task<int> RunAsync(string[] args)
    {
        SocBenchOptions options;
        try
        {
            options = SocBenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        var results = new List<SocRunResult>();
        foreach (var database in options.Databases)
        {
            results.Add(await RunOnceAsync(options, database).ConfigureAwait(false));
        }

        Console.WriteLine(options.Json ? JsonSerializer.Serialize(results, JsonOptions) : Markdown(results));
        return 0;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static async Task<SocRunResult> RunOnceAsync(SocBenchOptions options, string provider)
    {
        await using var seeded = await SeededHost.StartAsync(provider, options.Devices, options.Events, Progress).ConfigureAwait(false);
        using var http = new HttpClient { BaseAddress = seeded.Host.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", seeded.Token);
        Progress($"[{provider}] host on {seeded.Host.BaseAddress}; {options.Requests} requests per query");

        var loadBefore = IngestBench.LoadAverage();
        var queries = new List<SocQueryResult>();
        foreach (var query in Queries(seeded.Data))
        {
            var result = await MeasureAsync(http, query, options.Requests).ConfigureAwait(false);
            Progress($"[{provider}] {result.Query}: p50 {result.P50Ms:F1} ms, p95 {result.P95Ms:F1} ms, p99 {result.P99Ms:F1} ms, CPU {result.CpuMsPerRequest:F2} ms, {result.MeanResponseBytes:N0} B, load {IngestBench.LoadAverage():F1}");
            queries.Add(result);
        }

        var export = options.Export ? await ExportAsync(http, seeded.Data.Events, provider).ConfigureAwait(false) : null;
        return new SocRunResult(provider, options.Devices, options.Events, seeded.Rows, seeded.SeedSeconds, queries, export, loadBefore, IngestBench.LoadAverage());
    }

    /// <summary>What an analyst's console asks for: URLs drawn at random over the whole data set, so no answer is cached by the test's own repetition.</summary>
    private static IEnumerable<SocQuery> Queries(SocDataSet data)
    {
        string Device(Random r) => SocDataSet.DeviceId(r.Next(data.Devices));
        string Time(long ms) => Uri.EscapeDataString(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        long Within(Random r, long spanMs) => data.StartMs + (long)(r.NextDouble() * (data.EndMs - data.StartMs - spanMs));
        const long day = 86_400_000;
        var n = PageSize.ToString(CultureInfo.InvariantCulture);

        yield return new SocQuery("device list, first page (default 100)", _ => "/api/v1/devices");
        yield return new SocQuery("fleet summary (the console's overview counts)", _ => "/api/v1/fleet/summary");
        yield return new SocQuery("device list, page of 100 at a random position", r => $"/api/v1/devices?limit=100&cursor={Device(r)}");
        yield return new SocQuery("device list, page of 1,000 (the maximum) at a random position", r => $"/api/v1/devices?limit=1000&cursor={Device(r)}");
        yield return new SocQuery("alert queue: new alerts, first page", _ => $"/api/v1/alerts?status=new&limit={n}");
        yield return new SocQuery("alert queue: new alerts, page at a random position", r => $"/api/v1/alerts?status=new&limit={n}&cursor={r.Next(1, data.Alerts)}");
        yield return new SocQuery("device timeline, first page", r => $"/api/v1/events?device={Device(r)}&limit={n}");
        yield return new SocQuery("device timeline, older page", r => $"/api/v1/events?device={Device(r)}&limit={n}&cursor={r.Next(data.Events / 4, data.Events)}");
        yield return new SocQuery("event search: type (authentication failures)", _ => $"/api/v1/events?type={EventTypes.AuthenticationFailure}&limit={n}");
        yield return new SocQuery("event search: minSeverity critical", _ => $"/api/v1/events?minSeverity=critical&limit={n}");
        yield return new SocQuery("event search: one random day", r =>
        {
            var from = Within(r, day);
            return $"/api/v1/events?from={Time(from)}&to={Time(from + day)}&limit={n}";
        });
        yield return new SocQuery("event search: type and severity in a random week", r =>
        {
            var from = Within(r, 7 * day);
            return $"/api/v1/events?type={EventTypes.IntegrityCheck}&minSeverity=critical&from={Time(from)}&to={Time(from + (7 * day))}&limit={n}";
        });
        yield return new SocQuery("event search: a device's warnings and worse", r => $"/api/v1/events?device={Device(r)}&minSeverity=warning&limit={n}");
    }

    private static async Task<SocQueryResult> MeasureAsync(HttpClient http, SocQuery query, int requests)
    {
        var random = new Random(11);
        var warmUp = Math.Max(3, requests / 10);
        var latencies = new LatencyRecorder();
        long bytes = 0;
        var cpu = TimeSpan.Zero;
        for (var i = 0; i < warmUp + requests; i++)
        {
            if (i == warmUp)
            {
                cpu = ProcessCpu();
            }

            var path = query.NextPath(random);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(path).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
            }

            if (i >= warmUp)
            {
                latencies.Add(elapsed);
                bytes += body.Length;
            }
        }

        return new SocQueryResult(
            query.Name, requests, Math.Round(latencies.Percentile(0.50), 1), Math.Round(latencies.Percentile(0.95), 1), Math.Round(latencies.Percentile(0.99), 1),
            Math.Round(latencies.Percentile(1.0), 1), Math.Round((ProcessCpu() - cpu).TotalMilliseconds / requests, 2), bytes / requests);
    }

    // Streams the whole export and counts its lines; a sampler records the working set (the host and this client
    // share the process; the client keeps nothing of what it reads) and, at every tenth of the events, a memory point.
    private static async Task<SocExportResult> ExportAsync(HttpClient http, long expected, string provider)
    {
        using var process = Process.GetCurrentProcess();
        double WorkingSetMiB()
        {
            process.Refresh();
            return process.WorkingSet64 / 1048576.0;
        }

        GC.Collect();
        var before = WorkingSetMiB();
        var peak = before;
        long lines = 0;
        long bytes = 0;
        var points = new List<SocMemoryPoint>();
        var clock = Stopwatch.StartNew();
        var cpu = ProcessCpu();
        using var sampler = new Timer(_ =>
        {
            var now = WorkingSetMiB();
            lock (points)
            {
                peak = Math.Max(peak, now);
            }
        }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        using (var response = await http.GetAsync("/api/v1/export/ocsf?sources=events", HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false))
        {
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var buffer = new byte[64 * 1024];
            var nextPoint = expected / 10;
            int read;
            while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                bytes += read;
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
                if (lines >= nextPoint)
                {
                    var point = new SocMemoryPoint(lines, Math.Round(WorkingSetMiB(), 1), Math.Round(GC.GetTotalMemory(false) / 1048576.0, 1));
                    lock (points)
                    {
                        points.Add(point);
                        peak = Math.Max(peak, point.WorkingSetMiB);
                    }

                    Progress($"[{provider}] export: {lines:N0} events after {clock.Elapsed.TotalSeconds:F1} s, working set {point.WorkingSetMiB:F0} MiB, managed heap {point.ManagedHeapMiB:F0} MiB");
                    nextPoint += expected / 10;
                }
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (ProcessCpu() - cpu).TotalSeconds;
        if (lines != expected)
        {
            throw new InvalidOperationException($"[{provider}] the export has {lines} lines, the database {expected} events.");
        }

        return new SocExportResult(lines, bytes, Math.Round(seconds, 1), Math.Round(lines / seconds), Math.Round(lines / cpuSeconds), Math.Round(before, 1), Math.Round(peak, 1), points);
    }

    private static void Progress(string line) => Console.Error.WriteLine(line);

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static string Markdown(List<SocRunResult> results)
    {
        var lines = new List<string>();
        foreach (var r in results)
        {
            lines.Add($"### {r.Database}: {r.Devices:N0} devices, {r.Events:N0} events, {r.Rows["alerts"]:N0} alerts, {r.Rows["ota_campaigns"]:N0} campaigns (seeded in {r.SeedSeconds:F0} s; load {r.LoadAverage1MinBefore:F1} → {r.LoadAverage1MinAfter:F1})");
            lines.Add(string.Empty);
            lines.Add("| query | requests | p50 ms | p95 ms | p99 ms | max ms | host CPU ms per request | bytes per answer |");
            lines.Add("|---|---:|---:|---:|---:|---:|---:|---:|");
            lines.AddRange(r.Queries.Select(q => $"| {q.Query} | {q.Requests} | {q.P50Ms:F1} | {q.P95Ms:F1} | {q.P99Ms:F1} | {q.MaxMs:F1} | {q.CpuMsPerRequest:F2} | {q.MeanResponseBytes:N0} |"));
            if (r.Export is { } e)
            {
                lines.Add(string.Empty);
                lines.Add($"OCSF NDJSON export of {e.Events:N0} events ({e.Bytes / 1048576.0:N0} MiB): {e.Seconds:F1} s, **{e.EventsPerSecond:N0} events/s** ({e.EventsPerCpuSecond:N0} per CPU second of the host process); working set {e.WorkingSetBeforeMiB:F0} MiB before, peak {e.PeakWorkingSetMiB:F0} MiB.");
                lines.Add(string.Empty);
                lines.Add("| events written | working set MiB | managed heap MiB |");
                lines.Add("|---:|---:|---:|");
                lines.AddRange(e.Memory.Select(p => $"| {p.Events:N0} | {p.WorkingSetMiB:F0} | {p.ManagedHeapMiB:F0} |"));
            }

            lines.Add(string.Empty);
        }

        return string.Join(Environment.NewLine, lines);
    }
}
