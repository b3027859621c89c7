using EdgeSecurity.Host.Configuration;
using Microsoft.Extensions.Configuration;

namespace EdgeSecurity.Host.Tests.Api;

/// <summary>The process reads its options from appsettings, environment and command line; check the binding of every shape.</summary>
public sealed class ConfigurationBindingTests
{
    [Fact]
    public void Command_line_settings_bind_to_the_host_options()
    {
        string[] args =
        [
            "--EdgeSecurity:PkiDirectory=/srv/pki", "--EdgeSecurity:Urls:0=http://0.0.0.0:8080",
            "--EdgeSecurity:Storage:Provider=postgresql", "--EdgeSecurity:Storage:ConnectionString=Host=db",
            "--EdgeSecurity:Broker:Mode=External", "--EdgeSecurity:Broker:Port=8883",
            "--EdgeSecurity:Ingest:Concurrency=4", "--EdgeSecurity:SilenceSweepInterval=00:00:10",
            "--EdgeSecurity:Api:Tokens:0:Name=soc", "--EdgeSecurity:Api:Tokens:0:Role=analyst", "--EdgeSecurity:Api:Tokens:0:Sha256=ab",
        ];

        var options = new ConfigurationBuilder().AddCommandLine(args).Build()
            .GetSection(EdgeSecurityHostOptions.SectionName).Get<EdgeSecurityHostOptions>()!;

        Assert.Equal("/srv/pki", options.PkiDirectory);
        Assert.Equal(["http://0.0.0.0:8080"], options.Urls);
        Assert.Equal(("postgresql", "Host=db"), (options.Storage.Provider, options.Storage.ConnectionString));
        Assert.Equal((BrokerMode.External, 8883), (options.Broker.Mode, options.Broker.Port));
        Assert.Equal(4, options.Ingest.Concurrency);
        Assert.Equal(TimeSpan.FromSeconds(10), options.SilenceSweepInterval);
        Assert.Equal(("soc", "analyst"), (options.Api.Tokens.Single().Name, options.Api.Tokens.Single().Role));
    }
}
