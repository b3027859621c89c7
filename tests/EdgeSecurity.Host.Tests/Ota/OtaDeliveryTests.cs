using System.Diagnostics;
using System.Globalization;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Devices;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Ota;
using EdgeSecurity.Host.Ota.Campaigns;
using EdgeSecurity.Host.Ota.Delivery;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Tests.Ota;

/// <summary>
/// OTA delivery through the real mosquitto (embedded broker, mutual TLS, generated ACL) to scripted devices
/// built from the firmware core's codecs: MAC'd offers, chunks by index, MAC'd reports driving the campaign,
/// re-offers of stalled devices, bounded download slots, and offers forged by other identities.
/// </summary>
[Collection(HostTestCollection.Name)]
public sealed class OtaDeliveryTests(TestFleet fleet) : IAsyncLifetime
{
    private readonly OtaRelease _release = new();
    private RunningHost _host = null!;
    private byte[] _bundle = [];
    private string _bundleId = string.Empty;

    private ITelemetryStore Store => _host.Services.GetRequiredService<ITelemetryStore>();

    public async Task InitializeAsync()
    {
        var options = HostFactory.Options(fleet);
        options.Ota.TrustRootFile = _release.TrustRootPath;
        options.Ota.OfferInterval = TimeSpan.FromMilliseconds(100);
        options.Ota.ReofferAfter = TimeSpan.FromSeconds(2);
        options.Ota.StallTimeout = TimeSpan.FromSeconds(3);
        options.Ota.DownloadSlots = 1;
        _host = await HostFactory.StartAsync(options);
        while ((await Store.ListDevicesAsync(CancellationToken.None)).Count < TestFleet.DeviceIds.Length)
        {
            await Task.Delay(50);
        }

        _bundle = _release.Bundle(counter: 3, payloadBytes: 6000);
        var uploads = _host.Services.GetRequiredService<BundleUploads>();
        _bundleId = (await uploads.UploadAsync(_bundle, null, "ops", CancellationToken.None)).Bundle.Id;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _release.Dispose();
    }

    private Task<Campaign> CreateAsync(string[] devices, string[] waves, int threshold = 1) =>
        _host.Services.GetRequiredService<CampaignService>().CreateAsync(new CampaignRequest(_bundleId, null, devices, null, null, waves, threshold, null), "ops", CancellationToken.None);

    private async Task<Campaign> WaitForAsync(long campaignId, Func<Campaign, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + OtaDevicePeer.Wait;
        while (true)
        {
            var campaign = (await Store.Ota.GetCampaignAsync(campaignId, CancellationToken.None))!;
            if (condition(campaign))
            {
                return campaign;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}; campaign is {campaign.Status}, devices: {string.Join(", ", campaign.Devices.Select(d => d.DeviceId + "=" + d.State.Name()))}");
            await Task.Delay(50);
        }
    }

    private static Task<bool> WaitUntilAsync(Func<bool> condition) => Eventually.WithinAsync(OtaDevicePeer.Wait, condition);

    private byte[] ManifestBundleId => Signing.Bundles.BundleFile.Parse(_bundle).Manifest.BundleId;

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-020")]
    [Trait("Requirement", "SR-OTA-HOST-021")]
    [Trait("Requirement", "SR-OTA-HOST-010")]
    public async Task A_device_is_offered_downloads_verified_chunks_and_only_its_confirmed_boot_opens_the_next_wave()
    {
        await using var first = await OtaDevicePeer.ConnectAsync(fleet, "dev-a", _host.BrokerPort);
        await using var second = await OtaDevicePeer.ConnectAsync(fleet, "dev-b", _host.BrokerPort);
        var campaign = await CreateAsync(["dev-a", "dev-b"], ["1", "100%"]);
        var id = campaign.Definition.Id;

        var offer = await first.NextOfferAsync();
        Assert.Equal(OtaOfferKind.Bundle, offer.Kind);
        Assert.Equal(id, offer.CampaignId);
        Assert.Equal(Signing.Bundles.BundleFile.Parse(_bundle).SignedManifest.ToBytes(), offer.GetPayload());
        Assert.InRange(offer.HostUnixSeconds, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        Assert.Throws<OtaAuthenticationException>(() => OtaOfferCodec.Decode(TestMac.Instance, second.Key, "dev-a", OtaOfferCodec.Encode(TestMac.Instance, first.Key, "dev-a", offer)));

        var total = await first.DownloadAsync(offer);
        Assert.Equal(6, total);
        await first.ReportAsync(id, OtaStage.Accepted, ManifestBundleId, 0, total);
        foreach (var stage in new[] { OtaStage.Downloading, OtaStage.Verified, OtaStage.Installed, OtaStage.TrialBoot })
        {
            await first.ReportAsync(id, stage, ManifestBundleId, total, total);
        }

        await WaitForAsync(id, c => c.Device("dev-a")!.State == DeviceOtaState.Trial, "dev-a is on trial");
        Assert.Null(await second.TryNextRawOfferAsync(TimeSpan.FromMilliseconds(600)));

        // A report with a bad MAC, and a confirmation of some other bundle, change nothing.
        await first.ReportAsync(id, OtaStage.Confirmed, ManifestBundleId, total, total, key: second.Key);
        await first.ReportAsync(id, OtaStage.Confirmed, new byte[16], total, total);
        await WaitForAsync(id, _ => Store.CountRejectionsAsync(OtaReportHandler.WrongSubject, CancellationToken.None).Result == 1, "the wrong-bundle report is counted");
        Assert.Equal(1, await Store.CountRejectionsAsync(OtaReportHandler.BadMac, CancellationToken.None));
        Assert.Equal(DeviceOtaState.Trial, (await Store.Ota.GetCampaignAsync(id, CancellationToken.None))!.Device("dev-a")!.State);

        await first.ReportAsync(id, OtaStage.Confirmed, ManifestBundleId, total, total);
        await WaitForAsync(id, c => c.CurrentWave == 1, "the second wave opens");
        var next = await second.NextOfferAsync();
        Assert.Equal(id, next.CampaignId);
        await second.DownloadAsync(next);
        await second.ReportAsync(id, OtaStage.AlreadyInstalled, ManifestBundleId, total, total);
        var done = await WaitForAsync(id, c => c.Status == CampaignStatus.Completed, "the campaign completes");
        Assert.Equal(1.0, done.Counts().Adoption);
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-022")]
    public async Task A_stalled_download_loses_its_slot_to_the_next_device_and_is_offered_again_with_a_higher_sequence()
    {
        await using var slow = await OtaDevicePeer.ConnectAsync(fleet, "dev-a", _host.BrokerPort);
        await using var other = await OtaDevicePeer.ConnectAsync(fleet, "dev-b", _host.BrokerPort);
        var campaign = await CreateAsync(["dev-a", "dev-b"], ["100%"], threshold: 2);
        var id = campaign.Definition.Id;

        // One download slot: dev-a (first by id) gets it, dev-b waits.
        var firstOffer = await slow.NextOfferAsync();
        Assert.Null(await other.TryNextRawOfferAsync(TimeSpan.FromSeconds(1)));

        // dev-a never asks for a chunk: after the stall timeout dev-b gets the slot.
        var otherOffer = await other.NextOfferAsync();
        Assert.Equal(id, otherOffer.CampaignId);
        await other.DownloadAsync(otherOffer);
        await other.ReportAsync(id, OtaStage.Verified, ManifestBundleId, 6, 6);

        // With the slot free again, dev-a (which lost its slot) is offered again with a newer sequence and resumes.
        // Offers it got while dev-b held the slot are dropped: a download needs the slot.
        while (await slow.TryNextRawOfferAsync(TimeSpan.FromMilliseconds(300)) is not null)
        {
        }

        var again = await slow.NextOfferAsync();
        Assert.True(again.Sequence > firstOffer.Sequence, $"re-offer sequence {again.Sequence} must exceed {firstOffer.Sequence}");
        await slow.DownloadAsync(again);
        Assert.True(campaign.Devices.All(d => d.Offers == 0));
        Assert.True((await Store.Ota.GetCampaignAsync(id, CancellationToken.None))!.Device("dev-a")!.Offers >= 2);
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-011")]
    [Trait("Requirement", "SR-OTA-HOST-022")]
    public async Task A_rolled_back_device_pauses_the_campaign_and_chunks_are_served_only_to_devices_in_it()
    {
        await using var device = await OtaDevicePeer.ConnectAsync(fleet, "dev-a", _host.BrokerPort);
        await using var outsider = await OtaDevicePeer.ConnectAsync(fleet, "load-15", _host.BrokerPort);
        var id = (await CreateAsync(["dev-a"], ["100%"])).Definition.Id;
        var offer = await device.NextOfferAsync();

        await outsider.RequestAsync(id, new OtaChunkId(0, 0));
        await device.RequestAsync(id, new OtaChunkId(0, 99));
        await WaitForAsync(id, _ => Store.CountRejectionsAsync(OtaReportHandler.NotInCampaign, CancellationToken.None).Result == 1 && Store.CountRejectionsAsync(OtaReportHandler.NoSuchChunk, CancellationToken.None).Result == 1, "both requests are refused");
        Assert.False(outsider.HasChunkWaiting);

        await device.DownloadAsync(offer);
        await device.ReportAsync(id, OtaStage.RolledBack, ManifestBundleId, 6, 6, OtaReason.FromOta(OtaFailure.HealthCheckFailed), "agent not acknowledged");
        var paused = await WaitForAsync(id, c => c.Status == CampaignStatus.Paused, "the campaign pauses");
        Assert.Equal("Ota.HealthCheckFailed: agent not acknowledged", paused.Device("dev-a")!.Reason);
        Assert.Contains("failure threshold", paused.StatusReason, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-039")]
    public async Task A_replay_refusal_from_a_device_working_on_the_campaign_is_not_a_failure_and_does_not_pause_it()
    {
        await using var device = await OtaDevicePeer.ConnectAsync(fleet, "dev-a", _host.BrokerPort);
        var id = (await CreateAsync(["dev-a", "dev-b"], ["100%"], threshold: 1)).Definition.Id;
        var offer = await device.NextOfferAsync();
        await device.ReportAsync(id, OtaStage.Accepted, ManifestBundleId, 0, 6);
        await device.ReportAsync(id, OtaStage.Downloading, ManifestBundleId, 2, 6);
        await WaitForAsync(id, c => c.Device("dev-a")!.ChunksPresent == 2, "dev-a reports 2 chunks");

        // An earlier offer reached the device after the one it is downloading (two host instances, or a broker
        // redelivery after a failover): the device refuses it as a replay, with the report the update client sends.
        var handler = _host.Services.GetRequiredService<OtaReportHandler>();
        await device.ReportAsync(id, OtaStage.Refused, null, 0, 0, OtaReason.FromOta(OtaFailure.ReplayedOffer), $"offer sequence {offer.Sequence - 1} is not above {offer.Sequence}");
        Assert.True(await WaitUntilAsync(() => handler.ReplayRefusals == 1), "the replay refusal was not handled");

        var campaign = (await Store.Ota.GetCampaignAsync(id, CancellationToken.None))!;
        Assert.Equal(CampaignStatus.Running, campaign.Status);
        Assert.Equal(DeviceOtaState.Downloading, campaign.Device("dev-a")!.State);
        Assert.Equal(0, campaign.Failures);

        // A refusal for any other reason still fails the device and crosses the threshold.
        await device.ReportAsync(id, OtaStage.Refused, ManifestBundleId, 0, 6, OtaReason.FromOta(OtaFailure.VersionNotNewer), "not newer");
        var paused = await WaitForAsync(id, c => c.Status == CampaignStatus.Paused, "a real refusal pauses the campaign");
        Assert.Equal(DeviceOtaState.Failed, paused.Device("dev-a")!.State);
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-039")]
    public async Task A_second_host_instance_does_not_offer_again_a_device_the_first_one_just_offered()
    {
        await using var device = await OtaDevicePeer.ConnectAsync(fleet, "dev-a", _host.BrokerPort);
        var id = (await CreateAsync(["dev-a"], ["100%"])).Definition.Id;
        var first = await device.NextOfferAsync();
        var offeredAt = (await Store.Ota.GetCampaignAsync(id, CancellationToken.None))!.Device("dev-a")!.LastOfferAtMs!.Value;

        // A second instance on the same database: its own download slots (none held), its own publisher, its clock
        // one second after the first instance's offer (ReofferAfter is 2 s, StallTimeout 3 s here).
        var time = new FakeTime(DateTimeOffset.FromUnixTimeMilliseconds(offeredAt + 1000));
        var published = new RecordingOtaPublisher();
        var services = _host.Services;
        var second = new OfferScheduler(
            Store, new ActiveCampaigns(), new DownloadSlots(1, TimeSpan.FromSeconds(3)), services.GetRequiredService<BundleChunkSource>(), services.GetRequiredService<DeviceDirectory>(),
            services.GetRequiredService<DeviceKeyCache>(), published, time, services.GetRequiredService<IOptions<EdgeSecurityHostOptions>>(), NullLogger<OfferScheduler>.Instance);

        await second.RunOnceAsync(CancellationToken.None);
        Assert.Empty(published.Offers);

        // Once the device has been silent for ReofferAfter (far more here, whatever the first instance did meanwhile),
        // either instance offers it again, with a higher sequence.
        time.Advance(TimeSpan.FromHours(1));
        await second.RunOnceAsync(CancellationToken.None);
        var again = Assert.Single(published.Offers);
        Assert.Equal("dev-a", again.DeviceId);
        Assert.True(OtaOfferCodec.Decode(TestMac.Instance, device.Key, "dev-a", again.Payload).Sequence > first.Sequence);
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-005")]
    [Trait("Requirement", "SR-OTA-HOST-021")]
    public async Task A_trust_root_campaign_offers_the_signed_rotation_and_counts_only_installations_of_that_version()
    {
        var rotated = _release.RotatedRoot(_release.RootKey);
        await _host.Services.GetRequiredService<TrustRootUploads>().UploadAsync(rotated, "ops", CancellationToken.None);
        await using var device = await OtaDevicePeer.ConnectAsync(fleet, "dev-b", _host.BrokerPort);
        var campaign = await _host.Services.GetRequiredService<CampaignService>()
            .CreateAsync(new CampaignRequest(null, 2, ["dev-b"], null, null, null, 1, null), "ops", CancellationToken.None);
        var id = campaign.Definition.Id;

        var offer = await device.NextOfferAsync();
        Assert.Equal(OtaOfferKind.TrustRoot, offer.Kind);
        Assert.Equal(rotated, offer.GetPayload());
        var verdict = Signing.TrustRoots.TrustRootFile.Parse(offer.GetPayload()).VerifyRotationFrom(_release.Root, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.True(verdict.IsValid, verdict.Message);

        await device.ReportAsync(id, OtaStage.RootInstalled, null, counter: 1);
        await WaitForAsync(id, _ => Store.CountRejectionsAsync(OtaReportHandler.WrongSubject, CancellationToken.None).Result == 1, "the wrong-version report is counted");
        await device.ReportAsync(id, OtaStage.RootInstalled, null, counter: 2);
        var done = await WaitForAsync(id, c => c.Status == CampaignStatus.Completed, "the root campaign completes");
        Assert.Equal(DeviceOtaState.Confirmed, done.Device("dev-b")!.State);
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-023")]
    public async Task An_offer_published_by_a_device_identity_never_reaches_the_target_device()
    {
        await using var target = await OtaDevicePeer.ConnectAsync(fleet, "dev-a", _host.BrokerPort);
        var id = (await CreateAsync(["dev-a"], ["100%"])).Definition.Id;
        var genuine = await target.NextOfferAsync();

        // dev-b (its own certificate) replays the genuine offer bytes into dev-a's offer topic; dev-a itself
        // tries to write its own offer topic. The broker's ACL drops both.
        // The forgery even carries a valid MAC (the test knows dev-a's key); only the ACL can stop it.
        var forged = OtaOfferCodec.Encode(TestMac.Instance, target.Key, "dev-a", new OtaOffer(OtaOfferKind.Bundle, id, genuine.Sequence + 1, genuine.HostUnixSeconds, genuine.GetPayload()));
        Assert.Equal(0, await MosquittoPublishAsync("dev-b", DeviceTopics.For("dev-a", DeviceTopics.OtaOffer), forged));
        Assert.Equal(0, await MosquittoPublishAsync("dev-a", DeviceTopics.For("dev-a", DeviceTopics.OtaOffer), forged));
        var received = new List<byte[]>();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (DateTime.UtcNow < until && await target.TryNextRawOfferAsync(until - DateTime.UtcNow) is { } raw)
        {
            received.Add(raw);
        }

        Assert.DoesNotContain(received, offer => offer.AsSpan().SequenceEqual(forged));

        // The host's own re-offers still arrive (the subscription works): only the forgeries were dropped.
        var reoffer = received.Count > 0 ? OtaOfferCodec.Decode(TestMac.Instance, target.Key, "dev-a", received[0]) : await target.NextOfferAsync();
        Assert.True(reoffer.Sequence > genuine.Sequence);
    }

    // mosquitto_pub as an independent client with a device's certificate; 0 = connected and published.
    private async Task<int> MosquittoPublishAsync(string deviceId, string topic, byte[] payload)
    {
        var file = Path.Combine(fleet.Root, $"forged-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(file, payload);
        var start = new ProcessStartInfo("mosquitto_pub") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "-h", "localhost", "-p", _host.BrokerPort.ToString(CultureInfo.InvariantCulture), "--cafile", fleet.Pki.CaCertificate,
            "--cert", fleet.DeviceCertificate(deviceId), "--key", fleet.DeviceKey(deviceId), "-q", "1", "-t", topic, "-f", file,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await Task.WhenAll(process.StandardOutput.ReadToEndAsync(timeout.Token), process.StandardError.ReadToEndAsync(timeout.Token));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }
}
