using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSecurity.Firmware.Core.Attestation;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Attestation;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.Platform.Crypto;
using EdgeSecurity.TestSupport.Mqtt;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Host.Tests.Attestation;

/// <summary>
/// Posture attestation against a real host and its embedded mosquitto: a device built from the core's journal,
/// uploader and responder answers challenges; attacks come from mosquitto_pub with a device's own certificate.
/// </summary>
[Collection(HostTestCollection.Name)]
public sealed class AttestationHostTests(TestFleet fleet)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static void Quick(EdgeSecurityHostOptions o)
    {
        o.Attestation.Enabled = false; // challenges only on demand, so each test decides which nonce is current
        o.Attestation.SweepInterval = TimeSpan.FromMilliseconds(200);
        o.Attestation.Deadline = TimeSpan.FromSeconds(30);
    }

    private static async Task ChallengeAsync(ApiHost api, string deviceId)
    {
        using var response = await api.SendAsync(HttpMethod.Post, $"/api/v1/devices/{deviceId}/attestation", "operator", "{}");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static async Task<JsonElement> AttestationAsync(ApiHost api, string deviceId)
    {
        using var response = await api.GetAsync($"/api/v1/devices/{deviceId}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("posture");
    }

    private static async Task<JsonElement> WaitForStateAsync(ApiHost api, string deviceId, string state)
    {
        for (var waited = TimeSpan.Zero; waited < Wait; waited += TimeSpan.FromMilliseconds(100))
        {
            var posture = await AttestationAsync(api, deviceId);
            if (posture.GetProperty("attestation").GetProperty("state").GetString() == state)
            {
                return posture;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{deviceId} never reached attestation state {state}: {await AttestationAsync(api, deviceId)}");
    }

    private static async Task<IReadOnlyList<AlertRecord>> WaitForAlertsAsync(ApiHost api, string deviceId, string rule)
    {
        for (var waited = TimeSpan.Zero; waited < Wait; waited += TimeSpan.FromMilliseconds(100))
        {
            var alerts = (await api.Store.QueryAlertsAsync(new AlertQuery(DeviceId: deviceId, Rule: rule), CancellationToken.None)).Items;
            if (alerts.Count > 0)
            {
                return alerts;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no {rule} alert for {deviceId}");
    }

    private MqttIdentity Identity(string deviceId) => new(deviceId, fleet.DeviceCertificate(deviceId), fleet.DeviceKey(deviceId));

    private static MqttBrokerAddress Broker(ApiHost api) =>
        new(api.Host.BrokerPort, api.Host.Services.GetRequiredService<EdgeSecurity.Pki.PkiLayout>().CaCertificate);

    private async Task PublishAsync(ApiHost api, string asDevice, string topic, byte[] payload)
    {
        string file = Path.Combine(fleet.Root, "payload-" + Guid.NewGuid().ToString("N")[..8]);
        await File.WriteAllBytesAsync(file, payload);
        Assert.Equal(0, await MosquittoClients.PublishFileAsync(Broker(api), Identity(asDevice), topic, file));
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-009")]
    [Trait("Requirement", "SR-ATT-001")]
    public async Task A_device_that_answers_has_its_posture_verified_and_lastAttestedAt_in_the_API()
    {
        await using var api = await ApiHost.StartAsync(fleet, Quick);
        await using var device = await UploadingDevice.ConnectAsync(fleet, "load-00", api.Host.BrokerPort);
        device.RecordHeartbeats(3);
        Assert.True(await device.UploadAllAsync(Wait));
        var attester = new DeviceAttester(device);
        Assert.Equal("never", (await AttestationAsync(api, "load-00")).GetProperty("attestation").GetProperty("state").GetString());

        await ChallengeAsync(api, "load-00");
        await attester.AnswerNextAsync(Wait);
        var posture = await WaitForStateAsync(api, "load-00", "verified");

        Assert.True(posture.GetProperty("lastAttestedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        var attestation = posture.GetProperty("attestation");
        Assert.Equal("consistent", attestation.GetProperty("chainCheck").GetString());
        var attested = attestation.GetProperty("attested");
        Assert.Equal(device.Journal.HeadSequence, attested.GetProperty("journalHeadSequence").GetInt64());
        Assert.Equal("A", attested.GetProperty("runningSlot").GetString());
        Assert.Equal(3, attested.GetProperty("securityCounter").GetInt64());
        Assert.Equal("ok", attested.GetProperty("integrity").GetString());
        Assert.DoesNotContain((await api.Store.QueryAlertsAsync(new AlertQuery(DeviceId: "load-00"), CancellationToken.None)).Items, a => a.Rule.StartsWith("attestation-", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-007")]
    public async Task A_head_ahead_of_the_host_is_checked_when_the_records_arrive()
    {
        await using var api = await ApiHost.StartAsync(fleet, Quick);
        await using var device = await UploadingDevice.ConnectAsync(fleet, "load-01", api.Host.BrokerPort);
        var attester = new DeviceAttester(device);
        device.RecordHeartbeats(4); // journaled, not uploaded yet: the attested head is ahead of the host's chain

        await ChallengeAsync(api, "load-01");
        await attester.AnswerNextAsync(Wait);
        var pending = await WaitForStateAsync(api, "load-01", "verified");
        Assert.Equal("pending", pending.GetProperty("attestation").GetProperty("chainCheck").GetString());

        Assert.True(await device.UploadAllAsync(Wait));
        for (var waited = TimeSpan.Zero; waited < Wait; waited += TimeSpan.FromMilliseconds(100))
        {
            if ((await AttestationAsync(api, "load-01")).GetProperty("attestation").GetProperty("chainCheck").GetString() == "consistent")
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the deferred chain check never settled as consistent");
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-006")]
    public async Task A_device_that_does_not_answer_raises_one_late_alert_however_often_it_stays_silent()
    {
        await using var api = await ApiHost.StartAsync(fleet, o =>
        {
            Quick(o);
            o.Attestation.Deadline = TimeSpan.FromMilliseconds(500);
        });

        await ChallengeAsync(api, "load-02");
        var late = await WaitForAlertsAsync(api, "load-02", DefaultAlertRules.AttestationLate);
        await WaitForStateAsync(api, "load-02", "late");
        await ChallengeAsync(api, "load-02");
        await Task.Delay(1500);

        Assert.Single(late);
        Assert.Single((await api.Store.QueryAlertsAsync(new AlertQuery(DeviceId: "load-02", Rule: DefaultAlertRules.AttestationLate), CancellationToken.None)).Items);
        var posture = await AttestationAsync(api, "load-02");
        Assert.Equal(JsonValueKind.Null, posture.GetProperty("lastAttestedAt").ValueKind);
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-004")]
    [Trait("Requirement", "SR-ATT-005")]
    [Trait("Requirement", "SR-ATT-011")]
    public async Task Replayed_forged_and_other_device_answers_from_mosquitto_pub_raise_their_alerts_and_change_no_posture()
    {
        await using var api = await ApiHost.StartAsync(fleet, Quick);
        await using var device = await UploadingDevice.ConnectAsync(fleet, "load-03", api.Host.BrokerPort);
        device.RecordHeartbeats(2);
        Assert.True(await device.UploadAllAsync(Wait));
        var attester = new DeviceAttester(device);
        await ChallengeAsync(api, "load-03");
        byte[] captured = await attester.AnswerNextAsync(Wait);
        var verified = await WaitForStateAsync(api, "load-03", "verified");
        string topic = DeviceTopics.For("load-03", DeviceTopics.CommandResults);

        // 1. The captured answer replayed with the device's own certificate: the nonce was used.
        await PublishAsync(api, "load-03", topic, captured);
        var replayed = await WaitForAlertsAsync(api, "load-03", DefaultAlertRules.AttestationReplayed);
        Assert.Contains("already answered", replayed[0].Detail, StringComparison.Ordinal);

        // 2. A forged answer to a fresh challenge (right layout and nonce, wrong key): refused, and it does not use
        //    up the nonce: the real device still answers it. (mosquitto_pub with the device's certificate takes the
        //    device's session over, as any client with its identity would: the device reconnects first.)
        await attester.WaitConnectedAsync(Wait);
        await ChallengeAsync(api, "load-03");
        await attester.WaitForChallengeAsync(Wait);
        string nonce = await CurrentNonceAsync(api, "load-03");
        var forged = AttestationAnswerCodec.Encode(new HmacSha256MacPrimitive(), new byte[32], new AttestationAnswer(Convert.FromHexString(nonce), "load-03", 0, DeviceAttester.Evidence(device)));
        await PublishAsync(api, "load-03", topic, forged);
        var invalid = await WaitForAlertsAsync(api, "load-03", DefaultAlertRules.AttestationInvalid);
        Assert.Contains("MAC does not verify", invalid[0].Detail, StringComparison.Ordinal);
        var afterAttacks = await AttestationAsync(api, "load-03");
        Assert.Equal("failed", afterAttacks.GetProperty("attestation").GetProperty("state").GetString());
        Assert.Equal(verified.GetProperty("lastAttestedAt").GetDateTimeOffset(), afterAttacks.GetProperty("lastAttestedAt").GetDateTimeOffset());
        Assert.Equal(verified.GetProperty("attestation").GetProperty("attested").GetRawText(), afterAttacks.GetProperty("attestation").GetProperty("attested").GetRawText());

        // 3. Another device publishing this device's answer: on this device's topic the broker drops it (ACL);
        //    on its own topic the host refuses an answer naming another device.
        await PublishAsync(api, "load-04", topic, captured);
        await PublishAsync(api, "load-04", DeviceTopics.For("load-04", DeviceTopics.CommandResults), captured);
        var impersonation = await WaitForAlertsAsync(api, "load-04", DefaultAlertRules.AttestationInvalid);
        Assert.Contains("names device 'load-03'", impersonation[0].Detail, StringComparison.Ordinal);
        Assert.Single((await api.Store.QueryAlertsAsync(new AlertQuery(DeviceId: "load-03", Rule: DefaultAlertRules.AttestationReplayed), CancellationToken.None)).Items);

        // The genuine answer to the challenge the forgery targeted is still accepted.
        var before = afterAttacks.GetProperty("lastAttestedAt").GetDateTimeOffset();
        await attester.WaitConnectedAsync(Wait);
        await attester.AnswerNextAsync(Wait);
        var reverified = await WaitForStateAsync(api, "load-03", "verified");
        Assert.True(reverified.GetProperty("lastAttestedAt").GetDateTimeOffset() > before);
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-003")]
    [Trait("Requirement", "SR-ATT-005")]
    public async Task Random_and_mutated_answers_are_refused_without_an_exception_and_change_no_verified_posture()
    {
        await using var api = await ApiHost.StartAsync(fleet, Quick);
        await using var device = await UploadingDevice.ConnectAsync(fleet, "load-07", api.Host.BrokerPort);
        var attester = new DeviceAttester(device);
        await ChallengeAsync(api, "load-07");
        byte[] genuine = await attester.AnswerNextAsync(Wait);
        var verified = await WaitForStateAsync(api, "load-07", "verified");
        var handler = api.Host.Services.GetRequiredService<AttestationAnswerHandler>();
        string topic = DeviceTopics.For("load-07", DeviceTopics.CommandResults);

        var mutated =
            from position in Gen.Choose(0, genuine.Length - 1)
            from mask in Gen.Choose(1, 255)
            from cut in Gen.Choose(0, genuine.Length)
            from mode in Gen.Choose(0, 2)
            select mode switch
            {
                0 => genuine.Select((b, i) => i == position ? (byte)(b ^ mask) : b).ToArray(),
                1 => genuine[..cut],
                _ => [.. genuine[..position], (byte)mask, .. genuine[position..]],
            };
        var random = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b));
        Prop.ForAll(Gen.OneOf(mutated, random).ToArbitrary(), bytes => handler.HandleAsync(topic, bytes, CancellationToken.None).GetAwaiter().GetResult())
            .Check(Config.QuickThrowOnFailure.WithMaxTest(300));

        var after = await AttestationAsync(api, "load-07");
        Assert.Equal(verified.GetProperty("lastAttestedAt").GetDateTimeOffset(), after.GetProperty("lastAttestedAt").GetDateTimeOffset());
        Assert.Equal(verified.GetProperty("attestation").GetProperty("attested").GetRawText(), after.GetProperty("attestation").GetProperty("attested").GetRawText());
        Assert.Equal("failed", after.GetProperty("attestation").GetProperty("state").GetString());
        Assert.Single((await api.Store.QueryAlertsAsync(new AlertQuery(DeviceId: "load-07", Rule: DefaultAlertRules.AttestationInvalid), CancellationToken.None)).Items);
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-007")]
    public async Task An_authentic_answer_whose_head_contradicts_the_stored_chain_raises_the_contradiction_alert()
    {
        await using var api = await ApiHost.StartAsync(fleet, Quick);
        await using var device = await UploadingDevice.ConnectAsync(fleet, "load-05", api.Host.BrokerPort);
        device.RecordHeartbeats(3);
        Assert.True(await device.UploadAllAsync(Wait));
        await ChallengeAsync(api, "load-05");
        string nonce = await CurrentNonceAsync(api, "load-05");

        // Authentic (the device's key), fresh, but the head is behind what the device already uploaded: a rolled-back journal.
        var evidence = DeviceAttester.Evidence(device);
        evidence.JournalHeadSequence -= 1;
        var answer = AttestationAnswerCodec.Encode(new HmacSha256MacPrimitive(), device.EventKey, new AttestationAnswer(Convert.FromHexString(nonce), "load-05", 0, evidence));
        await PublishAsync(api, "load-05", DeviceTopics.For("load-05", DeviceTopics.CommandResults), answer);

        var alert = Assert.Single(await WaitForAlertsAsync(api, "load-05", DefaultAlertRules.AttestationContradiction));
        Assert.Contains("behind the chain the host stored", alert.Detail, StringComparison.Ordinal);
        var posture = await WaitForStateAsync(api, "load-05", "contradiction");
        Assert.Equal(JsonValueKind.Null, posture.GetProperty("lastAttestedAt").ValueKind);
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-010")]
    public async Task Devices_are_challenged_periodically_and_on_demand_only_by_operators()
    {
        await using var api = await ApiHost.StartAsync(fleet, o =>
        {
            Quick(o);
            o.Attestation.Enabled = true;
            o.Attestation.Interval = TimeSpan.FromSeconds(1);
            o.Attestation.Jitter = 0;
        });
        await using var device = await UploadingDevice.ConnectAsync(fleet, "load-06", api.Host.BrokerPort);
        var attester = new DeviceAttester(device);

        // Scheduled within one interval of the host's start, then every interval: two answers in a few seconds.
        await attester.AnswerNextAsync(Wait);
        await attester.AnswerNextAsync(Wait);
        await WaitForStateAsync(api, "load-06", "verified");

        using var asAnalyst = await api.SendAsync(HttpMethod.Post, "/api/v1/devices/load-06/attestation", "analyst", "{}");
        Assert.Equal(HttpStatusCode.Forbidden, asAnalyst.StatusCode);
        using var unknown = await api.SendAsync(HttpMethod.Post, "/api/v1/devices/nobody-here/attestation", "operator", "{}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    // The host never shows a nonce. A test playing the device's certificate holder, who sees its own challenges,
    // reads the newest one from the host's SQLite file instead of taking the device's MQTT session over.
    private static async Task<string> CurrentNonceAsync(ApiHost api, string deviceId)
    {
        var options = api.Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EdgeSecurityHostOptions>>().Value;
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(options.DataDirectory, options.Storage.SqlitePath)};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT nonce FROM attestation_challenges WHERE device_id = $d ORDER BY issued_at DESC, rowid DESC LIMIT 1";
        command.Parameters.AddWithValue("$d", deviceId);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
