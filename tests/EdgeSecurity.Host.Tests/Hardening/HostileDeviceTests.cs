using System.Diagnostics;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.TestSupport.Mqtt;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Host.Tests.Hardening;

/// <summary>
/// The hostile-device suite on the host's embedded mosquitto and SQLite, plus the attacks that exist on
/// mosquitto only (its shared-subscription group name).
/// </summary>
[Collection(HostTestCollection.Name)]
public sealed class HostileDeviceTests(TestFleet fleet) : HostileDeviceSuite(fleet)
{
    protected override bool RefusesForeignSubscriptions => false;

    protected override bool RefusesForeignClientIds => false;

    protected override string DeviceToRevoke => TestFleet.SpareDeviceId;

    protected override async Task<HostUnderAttack> StartHostAsync()
    {
        var options = HostFactory.Options(Fleet);
        var host = await HostFactory.StartAsync(options);
        var broker = new MqttBrokerAddress(host.BrokerPort, host.Services.GetRequiredService<EdgeSecurity.Pki.PkiLayout>().CaCertificate);
        return new HostUnderAttack(host, options, broker, host.BrokerPort, deviceId => RejectionRowsAsync(options, deviceId));
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-009")]
    public async Task The_published_share_group_name_is_refused_as_configuration()
    {
        var options = HostFactory.Options(Fleet);
        options.Ingest.ShareGroup = DeviceTopics.DefaultShareGroup;

        var error = await Assert.ThrowsAsync<HostConfigurationException>(() => HostFactory.StartAsync(options));

        Assert.Contains("Ingest:ShareGroup", error.Message, StringComparison.Ordinal);
        Assert.Contains("Remove the setting (the host then derives a secret name from its service key) or set a secret, random name.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-009")]
    public void The_derived_group_depends_on_the_service_key_only()
    {
        byte[] key = File.ReadAllBytes(Fleet.Pki.ServiceKey);
        string group = ShareGroupName.Derive(key);

        Assert.Equal(group, ShareGroupName.Resolve(null, Fleet.Pki));
        Assert.Matches("^edgesec-host-[0-9a-f]{32}$", group);
        key[^2] ^= 1;
        Assert.NotEqual(group, ShareGroupName.Derive(key));
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-009")]
    public async Task The_derived_group_is_the_documented_hmac_of_the_service_key_file_as_python_computes_it()
    {
        // docs/formats/topics.md: every host instance, of whatever release, must derive the same group, or the
        // instances of a rolling upgrade each get every message in groups of their own. Computed here by
        // Python's hmac module over the key file's bytes, not by the .NET code under test.
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in (string[])["-c", "import hashlib, hmac, sys; print(hmac.new(open(sys.argv[1], 'rb').read(), sys.argv[2].encode(), hashlib.sha256).hexdigest()[:32])",
            Fleet.Pki.ServiceKey, "EdgeSecurity shared-subscription group v1"])
        {
            start.ArgumentList.Add(argument);
        }

        using var python = Process.Start(start)!;
        string digest = (await python.StandardOutput.ReadToEndAsync()).Trim();
        string error = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();

        Assert.True(python.ExitCode == 0, error);
        Assert.Equal("edgesec-host-" + digest, ShareGroupName.Resolve(null, Fleet.Pki));
    }

    [Fact]
    public void A_missing_pki_or_service_key_is_refused_by_name()
    {
        Assert.Equal("pki", Assert.Throws<ArgumentNullException>(() => ShareGroupName.Resolve("a-secret-group", null!)).ParamName);
        Assert.Equal("serviceKey", Assert.Throws<ArgumentNullException>(() => ShareGroupName.Derive(null!)).ParamName);
    }

    private static async Task<long> RejectionRowsAsync(EdgeSecurityHostOptions options, string deviceId)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(options.DataDirectory, options.Storage.SqlitePath)};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM rejections WHERE device_id = $d";
        command.Parameters.AddWithValue("$d", deviceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
