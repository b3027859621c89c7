using System.Diagnostics;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Devices;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Ota.Delivery;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.Pki.Certificates;
using EdgeSecurity.TestSupport;
using EdgeSecurity.TestSupport.Mqtt;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Host.Tests.Identity;

/// <summary>
/// The broker's and the host service's certificates renewed under a running host while a device uploads and
/// another holds a connection: openssl s_client sees the broker present the new certificate, the device
/// connection stays up, the host reconnects with its new certificate, nothing is lost, and the expiry alert
/// of the old broker certificate is not raised again for the new one. A fleet of its own, since it renews
/// the PKI's certificates.
/// </summary>
[Collection(HostTestCollection.Name)]
public sealed class ServiceCertificateRenewalTests : IAsyncLifetime
{
    private readonly TestFleet _fleet = new();

    public Task InitializeAsync() => _fleet.InitializeAsync();

    public Task DisposeAsync() => _fleet.DisposeAsync();

    [Fact]
    [Trait("Requirement", "SR-BRK-016")]
    [Trait("Requirement", "SR-ID-008")]
    [Trait("Requirement", "SR-ID-009")]
    public async Task Renewing_both_certificates_under_load_loses_nothing_and_the_running_system_takes_them()
    {
        string root = _fleet.Pki.Root;
        // The broker certificate in place expires in 10 days: inside the expiry rule's 30-day lead time.
        var expiring = ServiceCertificateRenewal.Renew(root, ServiceRole.Broker, 10);
        await using var host = await HostFactory.StartAsync(HostFactory.Options(_fleet));
        var store = host.Services.GetRequiredService<ITelemetryStore>();
        var engine = host.Services.GetRequiredService<AlertEngine>();
        var inventory = host.Services.GetRequiredService<CertificateInventory>();
        var ingest = host.Services.GetRequiredService<IngestService>();
        var ota = host.Services.GetRequiredService<OtaConnection>();
        // The host's own sweep at start raises it (a second sweep at the same moment could raise it twice).
        await WaitAsync(async () => (await ExpiryAlertsAsync(store, "broker")).Count > 0, "the start sweep raised no expiry alert for the broker certificate");
        var expiryAlert = Assert.Single(await ExpiryAlertsAsync(store, "broker"));
        Assert.Contains("serial " + expiring.SerialNumber, expiryAlert.Detail, StringComparison.Ordinal);
        Assert.Equal(expiring.SerialNumber, await PresentedSerialAsync(host.BrokerPort));

        var broker = new MqttBrokerAddress(host.BrokerPort, _fleet.Pki.CaCertificate);
        await using var holder = await MqttSubscriber.StartAsync(broker, new MqttIdentity("dev-a", _fleet.DeviceCertificate("dev-a"), _fleet.DeviceKey("dev-a")), DeviceTopics.For("dev-a", DeviceTopics.Acks));
        await using var device = await UploadingDevice.ConnectAsync(_fleet, "dev-b", host.BrokerPort);
        device.RecordHeartbeats(30);
        var upload = device.UploadAllAsync(TimeSpan.FromSeconds(60));
        int reconnectsBefore = ingest.Reconnects;

        var renewedBroker = ServiceCertificateRenewal.Renew(root, ServiceRole.Broker, 3650);
        await WaitAsync(async () => await PresentedSerialAsync(host.BrokerPort) == renewedBroker.SerialNumber, "the broker does not present the renewed certificate");
        device.RecordHeartbeats(30);

        var renewedService = ServiceCertificateRenewal.Renew(root, ServiceRole.Service, 3650);
        await WaitAsync(
            () => Task.FromResult(ingest.CertificateSerialNumber == renewedService.SerialNumber && ota.CertificateSerialNumber == renewedService.SerialNumber
                && ingest.Reconnects > reconnectsBefore && ingest.IsConnected && ota.IsConnected),
            "the host did not reconnect with its renewed certificate");
        device.RecordHeartbeats(30);
        Assert.True(await upload, "dev-b's events were not all acknowledged during the renewals");
        Assert.True(await device.UploadAllAsync(TimeSpan.FromSeconds(60)), "dev-b's events were not all acknowledged after the renewals");

        // Nothing lost or doubled; the device that only held a connection kept it (one CONNACK).
        var head = await store.GetChainHeadAsync("dev-b", CancellationToken.None);
        Assert.Equal(device.Journal.HeadSequence, head!.Sequence);
        var stored = (await store.QueryEventsAsync(new EventQuery(DeviceId: "dev-b", Limit: 1000), CancellationToken.None)).Items;
        Assert.Equal(Enumerable.Range(1, (int)head.Sequence).Select(i => (long)i), stored.Select(e => e.Sequence).Order());
        Assert.Equal(1, holder.Connects);
        Assert.False(holder.Exited.IsCompleted, "the device's connection ended during the broker certificate renewal");

        // The renewed certificates are new certificates: no alert for them, the old one's alert is not raised
        // again, and the host resolves it as renewed.
        Assert.Equal(0, await engine.SweepCertificatesAsync(inventory.Read(), CancellationToken.None));
        Assert.Equal(0, await engine.SweepCertificatesAsync(inventory.Read(), CancellationToken.None));
        var after = Assert.Single(await ExpiryAlertsAsync(store, "broker"));
        Assert.Equal((expiryAlert.Id, AlertStatus.Resolved), (after.Id, after.Status));
        Assert.Contains("certificate renewed: the broker certificate in use now is serial " + renewedBroker.SerialNumber, after.Detail, StringComparison.Ordinal);
        Assert.Empty(await ExpiryAlertsAsync(store, "host-service"));
    }

    private static async Task<IReadOnlyList<AlertRecord>> ExpiryAlertsAsync(ITelemetryStore store, string subject) =>
        (await store.QueryAlertsAsync(new AlertQuery(subject, DefaultAlertRules.CertificateExpiry), CancellationToken.None)).Items;

    private static Task WaitAsync(Func<Task<bool>> condition, string failure) =>
        Eventually.HoldsAsync(TimeSpan.FromSeconds(30), condition, () => failure, TimeSpan.FromMilliseconds(200));

    // The serial number of the certificate the broker presents, as openssl s_client and openssl x509 read it.
    private async Task<string> PresentedSerialAsync(int port)
    {
        string chain = await RunAsync(null, "openssl", "s_client", "-connect", $"127.0.0.1:{port}", "-CAfile", _fleet.Pki.CaCertificate,
            "-cert", _fleet.DeviceCertificate("dev-a"), "-key", _fleet.DeviceKey("dev-a"));
        string serial = await RunAsync(chain, "openssl", "x509", "-noout", "-serial");
        return serial.Trim().Replace("serial=", "", StringComparison.Ordinal);
    }

    private static async Task<string> RunAsync(string? input, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), timeout.Token);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(output, error);
        return await output;
    }
}
