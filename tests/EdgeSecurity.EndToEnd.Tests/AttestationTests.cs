using System.Net.Http.Json;
using System.Text.Json;
using EdgeSecurity.EndToEnd.Tests.Support;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.EndToEnd.Tests;

/// <summary>
/// Posture attestation end to end, on each database: simulated devices running the real core answer the real
/// host's challenges over mosquitto with mutual TLS; an enrolled device that never connects answers nothing.
/// </summary>
public abstract class AttestationTests(EndToEndFleet fleet, StoreUnderTest store)
{
    // Challenges every 2 s, a 3 s deadline: enough for a run of a few seconds to see answers and a late one.
    private static readonly string[] QuickAttestation =
    [
        "--EdgeSecurity:Attestation:Interval=00:00:02",
        "--EdgeSecurity:Attestation:Deadline=00:00:03",
        "--EdgeSecurity:Attestation:SweepInterval=00:00:00.200",
    ];

    [Fact]
    [Trait("Requirement", "SR-ATT-009")]
    [Trait("Requirement", "SR-ATT-010")]
    public async Task Simulated_devices_prove_their_posture_and_the_API_shows_when()
    {
        await using var run = await EndToEndRun.StartAsync(fleet, store, "attestation", QuickAttestation);
        await run.StartDevicesAsync(2);

        // The answer may overtake the batch with the boot record: wait for both.
        var posture = await WaitForPostureAsync(
            run,
            "dev-1",
            p => p.GetProperty("lastAttestedAt").ValueKind == JsonValueKind.String && p.GetProperty("securityCounter").ValueKind == JsonValueKind.Number,
            "a lastAttestedAt and a boot record for dev-1");

        var attestation = posture.GetProperty("attestation");
        Assert.Equal("verified", attestation.GetProperty("state").GetString());
        var attested = attestation.GetProperty("attested");
        // The attested boot is the one the device's MAC-chained boot record reported.
        Assert.Equal(posture.GetProperty("securityCounter").GetInt64(), attested.GetProperty("securityCounter").GetInt64());
        Assert.Equal("run", attested.GetProperty("bootMode").GetString());
        Assert.Equal("ok", attested.GetProperty("integrity").GetString());
        await WaitForPostureAsync(run, "dev-2", p => p.GetProperty("attestation").GetProperty("state").GetString() == "verified", "dev-2 verified");
        // Challenges sent before a device had connected go unanswered (late); nothing may be invalid, replayed or contradicting.
        foreach (var rule in new[] { "attestation-invalid", "attestation-replayed", "attestation-contradiction" })
        {
            Assert.True(run.Database.AlertCount("dev-1", rule) == 0, $"unexpected {rule} alert\n{EndToEndRun.Tail(run.Host.Log)}");
        }
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-006")]
    public async Task An_enrolled_device_that_does_not_answer_raises_the_late_alert()
    {
        await using var run = await EndToEndRun.StartAsync(fleet, store, "attestation-late", QuickAttestation);
        await run.StartDevicesAsync(1); // dev-2 is enrolled but never connects

        await WaitForPostureAsync(run, "dev-2", p => p.GetProperty("attestation").GetProperty("state").GetString() == "late", "dev-2 late");

        // Later challenges stay unanswered too: still the one alert. The connected device keeps proving its posture.
        await WaitForPostureAsync(run, "dev-1", p => p.GetProperty("attestation").GetProperty("state").GetString() == "verified", "dev-1 verified");
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(1, run.Database.AlertCount("dev-2", "attestation-late"));
        Assert.Equal("late", (await WaitForPostureAsync(run, "dev-2", _ => true, "dev-2")).GetProperty("attestation").GetProperty("state").GetString());
    }

    private static async Task<JsonElement> WaitForPostureAsync(EndToEndRun run, string deviceId, Func<JsonElement, bool> condition, string what)
    {
        JsonElement posture = default;
        for (var i = 0; i < 300; i++)
        {
            posture = (await run.Host.Http.GetFromJsonAsync<JsonElement>($"/api/v1/devices/{deviceId}")).GetProperty("posture");
            if (condition(posture))
            {
                return posture;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"no {what} within 30 s on {run.Database.Provider}: {posture}\n{EndToEndRun.Tail(run.Host.Log)}");
        return posture;
    }
}

[Collection(EndToEndCollection.Name)]
public sealed class AttestationOnSqliteTests(EndToEndFleet fleet) : AttestationTests(fleet, StoreUnderTest.Sqlite);

[Collection(EndToEndCollection.Name)]
public sealed class AttestationOnPostgresTests(EndToEndFleet fleet, PostgresServer postgres) : AttestationTests(fleet, StoreUnderTest.Postgres(postgres));
