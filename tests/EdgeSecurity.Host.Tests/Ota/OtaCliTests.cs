using System.Security.Cryptography;
using System.Text.Json;
using EdgeSecurity.Cli;
using EdgeSecurity.Cli.Infrastructure;
using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Host.Tests.Ota;

/// <summary>`edgesec ota` and `edgesec device tag` against a running host: exit codes, human and --json output.</summary>
[Collection(HostTestCollection.Name)]
public sealed class OtaCliTests(TestFleet fleet) : IAsyncLifetime
{
    private readonly string _operatorToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
    private readonly string _viewerToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
    private readonly OtaRelease _release = new();
    private readonly string _files = Directory.CreateTempSubdirectory("es-ota-cli-").FullName;
    private RunningHost _host = null!;

    public async Task InitializeAsync()
    {
        var options = HostFactory.Options(fleet);
        options.Api.Tokens.Add(new ApiTokenOptions { Name = "ops-oncall", Role = "operator", Sha256 = ApiTokenAuthenticator.HashToken(_operatorToken) });
        options.Api.Tokens.Add(new ApiTokenOptions { Name = "wallboard", Role = "viewer", Sha256 = ApiTokenAuthenticator.HashToken(_viewerToken) });
        options.Ota.TrustRootFile = _release.TrustRootPath;
        _host = await HostFactory.StartAsync(options);
        var store = _host.Services.GetRequiredService<ITelemetryStore>();
        while ((await store.ListDevicesAsync(CancellationToken.None)).Count < TestFleet.DeviceIds.Length)
        {
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _release.Dispose();
        Directory.Delete(_files, recursive: true);
    }

    private (int Exit, string Out, string Err) Run(string token, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new Dictionary<string, string> { ["EDGESEC_API_TOKEN"] = token, ["EDGESEC_API_URL"] = _host.BaseAddress.ToString() };
        var exit = CliApp.Run(args, new CliContext(output, error, environment: name => environment.GetValueOrDefault(name)));
        Assert.DoesNotContain("internal error", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, output.ToString() + error, StringComparison.Ordinal);
        return (exit, output.ToString(), error.ToString());
    }

    private string File(string name, byte[] bytes)
    {
        var path = Path.Combine(_files, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void An_operator_uploads_and_runs_a_campaign_and_refusals_exit_1_with_the_core_failure()
    {
        var bundle = File("app.esb", _release.Bundle(counter: 2));
        var first = Run(_operatorToken, "ota", "upload", bundle);
        Assert.Equal(ExitCodes.Ok, first.Exit);
        Assert.StartsWith("ACCEPTED: bundle ", first.Out, StringComparison.Ordinal);
        var again = JsonDocument.Parse(Run(_operatorToken, "ota", "upload", bundle, "--json").Out).RootElement;
        Assert.False(again.GetProperty("created").GetBoolean());
        var id = again.GetProperty("bundle").GetProperty("id").GetString()!;
        Assert.Contains(id, first.Out, StringComparison.Ordinal);

        var refused = Run(_operatorToken, "ota", "upload", File("one-signer.esb", _release.Bundle(signers: [_release.ReleaseKeys[0]])));
        Assert.Equal(ExitCodes.Failed, refused.Exit);
        Assert.StartsWith("edgesec: REFUSED (ThresholdNotMet): ", refused.Err, StringComparison.Ordinal);

        var byViewer = Run(_viewerToken, "ota", "upload", bundle);
        Assert.Equal(ExitCodes.HostUnavailable, byViewer.Exit);
        Assert.Contains("operator role", byViewer.Err, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.HostUnavailable, Run("wrong-token", "ota", "bundles").Exit);

        Assert.Equal(ExitCodes.Ok, Run(_operatorToken, "device", "tag", "dev-a", "canary").Exit);
        Assert.Equal(ExitCodes.Ok, Run(_operatorToken, "device", "tag", "dev-b", "canary", "eu").Exit);
        var created = JsonDocument.Parse(Run(_operatorToken, "ota", "campaign", "create", "--bundle", id, "--tag", "canary", "--waves", "1,100%", "--failure-threshold", "1", "--json").Out).RootElement;
        var campaignId = created.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2, created.GetProperty("waveCount").GetInt32());

        var status = Run(_viewerToken, "ota", "campaign", "status", campaignId, "--devices");
        Assert.Equal(ExitCodes.Ok, status.Exit);
        Assert.Contains("wave 2 (not opened): 0/1 confirmed (0%); pending 1", status.Out, StringComparison.Ordinal);
        Assert.Contains("dev-b", status.Out, StringComparison.Ordinal);
        Assert.Contains("class esp32: 0/2 confirmed", status.Out, StringComparison.Ordinal);

        Assert.Contains(": paused (paused by ops-oncall)", Run(_operatorToken, "ota", "campaign", "pause", campaignId).Out, StringComparison.Ordinal);
        var twice = Run(_operatorToken, "ota", "campaign", "pause", campaignId);
        Assert.Equal(ExitCodes.Failed, twice.Exit);
        Assert.Contains("only a running campaign can be paused", twice.Err, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.HostUnavailable, Run(_viewerToken, "ota", "campaign", "resume", campaignId).Exit);
        Assert.Contains(": running", Run(_operatorToken, "ota", "campaign", "resume", campaignId).Out, StringComparison.Ordinal);
        Assert.Contains(": aborted", Run(_operatorToken, "ota", "campaign", "abort", campaignId).Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failed, Run(_operatorToken, "ota", "campaign", "status", "999").Exit);

        var list = JsonDocument.Parse(Run(_viewerToken, "ota", "campaign", "list", "--json").Out).RootElement;
        Assert.Equal("aborted", list.EnumerateArray().Single().GetProperty("status").GetString());
        var audit = JsonDocument.Parse(Run(_viewerToken, "ota", "audit", "--json").Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(["campaign.abort", "campaign.resume", "campaign.pause", "campaign.create", "device.tags", "device.tags", "bundle.upload", "bundle.upload"], audit.Select(a => a.GetProperty("action").GetString()));
        Assert.All(audit, a => Assert.Equal("ops-oncall", a.GetProperty("actor").GetString()));
    }

    [Fact]
    public void Minimum_counters_and_trust_roots_are_managed_from_the_cli()
    {
        Assert.Equal(ExitCodes.Ok, Run(_operatorToken, "ota", "min-counter", "set", "esp32", "3").Exit);
        Assert.Contains("esp32", Run(_viewerToken, "ota", "min-counter", "list").Out, StringComparison.Ordinal);
        var below = Run(_operatorToken, "ota", "upload", File("old.esb", _release.Bundle(counter: 2)));
        Assert.Equal(ExitCodes.Failed, below.Exit);
        Assert.Contains("REFUSED (CounterRollback)", below.Err, StringComparison.Ordinal);

        var notRotation = Run(_operatorToken, "ota", "root", "upload", File("same.esr", _release.SignedRoot.ToBytes()));
        Assert.Equal(ExitCodes.Failed, notRotation.Exit);
        Assert.Contains("VersionNotIncreasing", notRotation.Err, StringComparison.Ordinal);
        var rotated = Run(_operatorToken, "ota", "root", "upload", File("v2.esr", _release.RotatedRoot(_release.RootKey)));
        Assert.Equal(ExitCodes.Ok, rotated.Exit);
        Assert.Contains("ACCEPTED: trust root v2", rotated.Out, StringComparison.Ordinal);
        Assert.Contains("v2", Run(_viewerToken, "ota", "root", "list").Out, StringComparison.Ordinal);
    }
}
