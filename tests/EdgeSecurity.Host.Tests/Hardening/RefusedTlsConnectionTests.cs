using System.Diagnostics;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.TestSupport.Mqtt;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Host.Tests.Hardening;

/// <summary>
/// Clients the broker refuses, played by mosquitto_pub and openssl s_client against a real host and its
/// embedded mosquitto, each from an address of its own (127.0.0.0/8): every refused attempt reaches the SOC
/// as a host event naming the address and reason, a burst is one alert per address and reason, and the
/// fleet's other devices keep delivering. A fleet of its own, since it revokes a device.
/// </summary>
[Collection(HostTestCollection.Name)]
public sealed class RefusedTlsConnectionTests : IAsyncLifetime
{
    private const string Expired = "127.0.0.2";
    private const string Revoked = "127.0.0.3";
    private const string Foreign = "127.0.0.4";
    private const string Anonymous = "127.0.0.5";

    private readonly TestFleet _fleet = new();

    public Task InitializeAsync() => _fleet.InitializeAsync();

    public Task DisposeAsync() => _fleet.DisposeAsync();

    [Fact]
    [Trait("Requirement", "SR-BRK-014")]
    [Trait("Requirement", "SR-BRK-015")]
    public async Task Expired_revoked_foreign_and_missing_certificates_become_host_events_and_one_alert_per_source_and_reason()
    {
        var options = HostFactory.Options(_fleet);
        options.Broker.RefusalWindow = TimeSpan.FromSeconds(3);
        // What mosquitto printed, shown when a refusal is not recorded as expected.
        var brokerLog = new CapturedLog("EdgeSecurity.Broker");
        await using var host = await HostFactory.StartAsync(options, builder =>
        {
            builder.Logging.AddProvider(brokerLog);
            builder.Logging.AddFilter<CapturedLog>("EdgeSecurity.Broker", LogLevel.Trace);
        });
        var broker = new MqttBrokerAddress(host.BrokerPort, _fleet.Pki.CaCertificate);
        var store = host.Services.GetRequiredService<ITelemetryStore>();
        await using var neighbour = await UploadingDevice.ConnectAsync(_fleet, "dev-b", host.BrokerPort);
        string work = Path.Combine(_fleet.Root, "refused-" + Guid.NewGuid().ToString("N")[..8]);
        var now = DateTimeOffset.UtcNow;
        string topic = DeviceTopics.For("dev-a", DeviceTopics.Events);

        string expired = await OpenSslCertificates.IssueAsync(_fleet.Pki, "dev-a", _fleet.DeviceKey("dev-a"), Path.Combine(work, "expired"), now.AddDays(-30), now.AddDays(-1));
        string otherRoot = Path.Combine(work, "other-fleet");
        EdgeSecurity.Pki.FleetPki.Initialize(new EdgeSecurity.Pki.PkiInitOptions { Directory = otherRoot });
        var foreignCa = new MqttIdentity("dev-a", Path.Combine(work, "foreign.crt"), Path.Combine(work, "foreign.key"));
        await IssueForeignAsync(otherRoot, foreignCa);

        // The spare device, revoked; the broker applies the CRL by itself. Its attempts until then are accepted, so they come from its own address too.
        var revoked = new MqttIdentity(TestFleet.SpareDeviceId, _fleet.DeviceCertificate(TestFleet.SpareDeviceId), _fleet.DeviceKey(TestFleet.SpareDeviceId));
        EdgeSecurity.Pki.Registry.DeviceRevocation.Revoke(_fleet.Pki.Root, TestFleet.SpareDeviceId, System.Security.Cryptography.X509Certificates.X509RevocationReason.KeyCompromise);
        var clock = Stopwatch.StartNew();
        while (await MosquittoClients.PublishAsync(broker, revoked, DeviceTopics.For(TestFleet.SpareDeviceId, DeviceTopics.Events), "x", sourceAddress: Revoked) == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "the broker still accepts the revoked certificate");
            await Task.Delay(250);
        }

        neighbour.RecordHeartbeats(10);
        var upload = neighbour.UploadAllAsync(TimeSpan.FromSeconds(30));

        // A burst of three from one address, then one of each other kind.
        for (int i = 0; i < 3; i++)
        {
            Assert.NotEqual(0, await MosquittoClients.PublishAsync(broker, new MqttIdentity("dev-a", expired, _fleet.DeviceKey("dev-a")), topic, "expired", sourceAddress: Expired));
        }

        // mosquitto's refusal lines carry no address: the host gives each to the oldest handshake in progress, which
        // is exact for one client at a time (docs/host.md). The clients of different kinds therefore take turns: each
        // waits until the previous one's refusal is recorded (a CI run once saw the foreign-CA client's refusal line
        // come after the next client's connection line).
        await ExpectRefusalAsync(store, Expired, brokerLog);
        Assert.NotEqual(0, await MosquittoClients.PublishAsync(broker, foreignCa, topic, "foreign", sourceAddress: Foreign));
        await ExpectRefusalAsync(store, Foreign, brokerLog);
        Assert.NotEqual(0, await MosquittoClients.PublishAsync(broker, null, topic, "anonymous", sourceAddress: Anonymous));
        await ExpectRefusalAsync(store, Anonymous, brokerLog);
        // With TLS 1.3 the broker's refusal can come after s_client counted its handshake done, so its exit code
        // says nothing; the broker's refusal is what the host event below shows.
        await OpenSslClientWithoutCertificateAsync(host.BrokerPort);
        Assert.True(await upload, "dev-b's events were not all acknowledged while the broker refused the others");

        // The burst's window (3 s) ends: its two followers are stored as one counted event, then added to the
        // source's alert (a second write), so the wait is for both.
        var sources = new[] { (Expired, "certificate-rejected"), (Revoked, "certificate-rejected"), (Foreign, "certificate-rejected"), (Anonymous, "no-certificate"), ("127.0.0.1", "no-certificate") };
        IReadOnlyList<AlertRecord> alerts = [];
        var events = await WaitForAsync(store, async e =>
        {
            alerts = (await store.QueryAlertsAsync(new AlertQuery(HostSecurityEvents.HostDeviceId, RefusedConnectionRecorder.AlertRule), CancellationToken.None)).Items;
            return e.Any(h => h.SourceAddress == Expired && h.Detail.StartsWith("2 more connections refused from 127.0.0.2 certificate-rejected", StringComparison.Ordinal))
                && sources.All(source => alerts.Any(a => a.Detail.StartsWith($"TLS connections refused from {source.Item1}", StringComparison.Ordinal)
                    && a.EventSequences.Count == e.Count(h => h.SourceAddress == source.Item1)));
        });
        Assert.All(events, e => Assert.Equal(HostSecurityEvents.BrokerConnectionRefused, e.Type));

        foreach (var (address, reason) in sources)
        {
            var fromSource = events.Where(e => e.SourceAddress == address).ToList();
            Assert.NotEmpty(fromSource);
            Assert.All(fromSource, e => Assert.Contains(reason, e.Detail, StringComparison.Ordinal));
            var alert = Assert.Single(alerts, a => a.Detail.StartsWith($"TLS connections refused from {address} ({reason})", StringComparison.Ordinal));
            Assert.Equal(fromSource.Select(e => e.Id).Order(), alert.EventSequences.Order());
        }

        Assert.Equal(5, alerts.Count);
        Assert.Equal(2, events.Count(e => e.SourceAddress == Expired));

        // Nothing of dev-b lost, nothing of the refused clients reached the host.
        var head = await store.GetChainHeadAsync("dev-b", CancellationToken.None);
        Assert.Equal(neighbour.Journal.HeadSequence, head!.Sequence);
        Assert.Empty((await store.QueryEventsAsync(new EventQuery(DeviceId: "dev-a", Limit: 10), CancellationToken.None)).Items);
    }

    // Waits for the refusal of the client at address; a refusal not recorded fails here, with what the broker printed.
    private static async Task ExpectRefusalAsync(ITelemetryStore store, string address, CapturedLog brokerLog)
    {
        var events = await WaitForAsync(store, e => e.Any(h => h.SourceAddress == address));
        Assert.True(events.Any(h => h.SourceAddress == address), $"No refusal recorded for {address}. Recorded: {string.Join("; ", events.Select(e => e.Detail))}. Broker output:\n{brokerLog.Text}");
    }

    private static Task<IReadOnlyList<HostEventRecord>> WaitForAsync(ITelemetryStore store, Func<IReadOnlyList<HostEventRecord>, bool> done) =>
        WaitForAsync(store, events => Task.FromResult(done(events)));

    // Polls until done says the stored state is the final one (or 20 s pass; the assertions then say what is missing).
    private static async Task<IReadOnlyList<HostEventRecord>> WaitForAsync(ITelemetryStore store, Func<IReadOnlyList<HostEventRecord>, Task<bool>> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var events = (await store.QueryHostEventsAsync(new HostEventQuery(Type: HostSecurityEvents.BrokerConnectionRefused, Limit: 1000), CancellationToken.None)).Items;
            if (await done(events) || clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                return events;
            }

            await Task.Delay(200);
        }
    }

    // A device id of this fleet in a certificate of another fleet's CA, issued by openssl.
    private static async Task IssueForeignAsync(string otherRoot, MqttIdentity identity)
    {
        var layout = new EdgeSecurity.Pki.PkiLayout(otherRoot);
        await RunAsync("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", identity.KeyPath, "-out", identity.CertificatePath,
            "-subj", "/CN=dev-a", "-days", "2", "-CA", layout.CaCertificate, "-CAkey", layout.CaKey);
    }

    // openssl s_client without a certificate: the broker asks for one and refuses the handshake.
    private async Task<int> OpenSslClientWithoutCertificateAsync(int port) =>
        await RunAsync("openssl", "s_client", "-connect", $"127.0.0.1:{port}", "-CAfile", _fleet.Pki.CaCertificate, "-brief");

    private static async Task<int> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(output, error);
        return process.ExitCode;
    }
}
