using System.Net;
using System.Text.Json.Nodes;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Export;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Tests.Export;

/// <summary>The OCSF NDJSON export by time range and the continuous forwarders (at least once, resumed after a restart).</summary>
[Collection(HostTestCollection.Name)]
public sealed class OcsfExportTests(TestFleet fleet)
{
    private static SecurityEventRecord Heartbeat(string device, long seq, long receivedAt) =>
        new(device, seq, 1, receivedAt, true, seq, 0x0503, "heartbeat", 0, """{"2":5}""", [(byte)seq], [1], receivedAt);

    [Fact]
    [Trait("Requirement", "SR-EXP-002")]
    public async Task The_API_streams_the_time_range_as_NDJSON_to_operators_only()
    {
        await using var api = await ApiHost.StartAsync(fleet);
        await api.Store.CommitAsync(new IngestBatch([.. Enumerable.Range(1, 5).Select(i => Heartbeat("dev-a", i, 1000 * i))], []), CancellationToken.None);
        await api.Store.InsertAlertAsync(new AlertRecord("replay", "dev-a", 3, "Replay", "d", AlertStatus.New, 2500, 2500, [2]), CancellationToken.None);

        using var response = await api.GetAsync("/api/v1/export/ocsf?from=2000&to=4001&sources=events,alerts", "operator");
        using var analyst = await api.GetAsync("/api/v1/export/ocsf", "analyst");
        using var bad = await api.GetAsync("/api/v1/export/ocsf?sources=events,logs", "operator");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(
            ["event:dev-a:2", "event:dev-a:3", "event:dev-a:4", "alert:1"],
            lines.Select(l => l["metadata"]!["uid"]!.GetValue<string>()));
        Assert.Equal([5001, 5001, 5001, 2004], lines.Select(l => l["class_uid"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.Forbidden, analyst.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'sources'", (await ApiHost.ProblemAsync(bad)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-EXP-003")]
    public async Task A_file_forwarder_resumes_after_a_restart_and_loses_nothing()
    {
        var options = HostFactory.Options(fleet);
        var forwarder = new ForwarderOptions { Name = "siem-file", Kind = ForwarderKind.File, Path = "ocsf/forward.ndjson", BatchSize = 3, PollInterval = TimeSpan.FromMilliseconds(50) };
        options.Export.Forwarders.Add(forwarder);
        var file = Path.Combine(Path.GetFullPath(options.DataDirectory), "ocsf", "forward.ndjson");

        await using (var first = await HostFactory.StartAsync(options))
        {
            var store = first.Services.GetRequiredService<ITelemetryStore>();
            await store.CommitAsync(new IngestBatch([.. Enumerable.Range(1, 7).Select(i => Heartbeat("dev-a", i, 1000 + i))], []), CancellationToken.None);
            await WaitForAsync(() => Uids(file).Contains("event:dev-a:7"));
        }

        // While the host is down, more records arrive in its database (another host instance, or ingest before the stop).
        await using (var offline = TelemetryStoreFactory.Sqlite(Path.Combine(Path.GetFullPath(options.DataDirectory), options.Storage.SqlitePath)))
        {
            await offline.CommitAsync(new IngestBatch([.. Enumerable.Range(8, 6).Select(i => Heartbeat("dev-a", i, 1000 + i))], []), CancellationToken.None);
            await offline.InsertAlertAsync(new AlertRecord("replay", "dev-a", 3, "Replay", "d", AlertStatus.New, 5, 5, [9]), CancellationToken.None);
        }

        await using (var second = await HostFactory.StartAsync(options))
        {
            await WaitForAsync(() => Uids(file).Contains("event:dev-a:13") && Uids(file).Contains("alert:1"));
        }

        // At least once: every record is in the file (a batch cut by the stop may be there twice), nothing else.
        var expected = Enumerable.Range(1, 13).Select(i => $"event:dev-a:{i}").Append("alert:1").ToHashSet();
        var delivered = Uids(file).Where(u => !u.StartsWith("host-event:", StringComparison.Ordinal)).ToHashSet();
        Assert.True(expected.SetEquals(delivered), "delivered: " + string.Join(", ", delivered.Order(StringComparer.Ordinal)));
    }

    [Fact]
    [Trait("Requirement", "SR-EXP-003")]
    public async Task A_failed_delivery_keeps_the_cursor_so_the_batch_is_delivered_again()
    {
        var dir = Directory.CreateTempSubdirectory("es-forward-").FullName;
        try
        {
            await using var store = TelemetryStoreFactory.Sqlite(Path.Combine(dir, "t.db"));
            await store.MigrateAsync(CancellationToken.None);
            await store.CommitAsync(new IngestBatch([.. Enumerable.Range(1, 4).Select(i => Heartbeat("dev-a", i, 1000 + i))], []), CancellationToken.None);
            var options = new EdgeSecurityHostOptions();
            var forwarder = new ForwarderOptions { Name = "collector", Kind = ForwarderKind.Http, Url = "http://127.0.0.1:9/", BatchSize = 3 };
            var forwarding = new ExportForwarding(store, Options.Create(options), new ExportSinkFactory(), NullLogger<ExportForwarding>.Instance);
            var sink = new FlakySink { FailuresLeft = 1 };

            await Assert.ThrowsAsync<IOException>(() => forwarding.ForwardOnceAsync(forwarder, sink, ExportSources.Events, CancellationToken.None));
            Assert.Equal(0, await store.GetExportCursorAsync("collector", ExportSources.Events, CancellationToken.None));
            Assert.Equal(3, await forwarding.ForwardOnceAsync(forwarder, sink, ExportSources.Events, CancellationToken.None));
            Assert.Equal(1, await forwarding.ForwardOnceAsync(forwarder, sink, ExportSources.Events, CancellationToken.None));
            Assert.Equal(0, await forwarding.ForwardOnceAsync(forwarder, sink, ExportSources.Events, CancellationToken.None));

            Assert.Equal(["event:dev-a:1", "event:dev-a:2", "event:dev-a:3", "event:dev-a:4"], sink.Delivered.Select(o => o["metadata"]!["uid"]!.GetValue<string>()));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static List<string> Uids(string file) =>
        File.Exists(file)
            ? [.. File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!["metadata"]!["uid"]!.GetValue<string>())]
            : [];

    private static Task WaitForAsync(Func<bool> condition) =>
        Eventually.HoldsAsync(TimeSpan.FromSeconds(20), condition, () => "timed out waiting for the forwarder");

    private sealed class FlakySink : IExportSink
    {
        public int FailuresLeft { get; set; }

        public List<JsonObject> Delivered { get; } = [];

        public Task DeliverAsync(IReadOnlyList<JsonObject> batch, CancellationToken cancellationToken)
        {
            if (FailuresLeft-- > 0)
            {
                throw new IOException("collector unreachable");
            }

            Delivered.AddRange(batch);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
