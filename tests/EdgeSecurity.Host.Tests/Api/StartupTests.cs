using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Tests.Support;

namespace EdgeSecurity.Host.Tests.Api;

/// <summary>Configuration mistakes stop the host before it starts, with a message saying what to do.</summary>
[Collection(HostTestCollection.Name)]
public sealed class StartupTests(TestFleet fleet)
{
    [Fact]
    [Trait("Requirement", "SR-API-004")]
    public async Task A_missing_pki_directory_says_to_run_pki_init()
    {
        var options = HostFactory.Options(fleet);
        options.PkiDirectory = Path.Combine(fleet.Root, "no-such-pki");

        var error = await Assert.ThrowsAsync<HostConfigurationException>(() => EdgeSecurityHost.StartAsync(options, CancellationToken.None));

        Assert.Contains("edgesec pki init", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_mosquitto_says_how_to_install_it()
    {
        var options = HostFactory.Options(fleet);
        options.Broker.MosquittoPath = Path.Combine(fleet.Root, "no-mosquitto");

        var error = await Assert.ThrowsAsync<HostConfigurationException>(() => EdgeSecurityHost.StartAsync(options, CancellationToken.None));

        Assert.Contains("mosquitto", error.Message, StringComparison.Ordinal);
        Assert.Contains("install", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("0123", "viewer", "64 hex digits")]
    [InlineData(null, "root", "role 'root'")]
    public async Task A_bad_api_token_entry_is_named(string? hash, string role, string expected)
    {
        var options = HostFactory.Options(fleet);
        options.Api.Tokens.Add(new ApiTokenOptions { Name = "ops", Role = role, Sha256 = hash ?? ApiTokenAuthenticator.HashToken("x") });

        var error = await Assert.ThrowsAsync<HostConfigurationException>(() => EdgeSecurityHost.StartAsync(options, CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("ops", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgresql_without_a_connection_string_is_named()
    {
        var options = HostFactory.Options(fleet);
        options.Storage.Provider = "postgresql";

        var error = await Assert.ThrowsAsync<HostConfigurationException>(() => EdgeSecurityHost.StartAsync(options, CancellationToken.None));

        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-012")]
    public async Task The_rabbitmq_engine_without_endpoints_says_what_to_configure_and_creates_nothing()
    {
        var options = HostFactory.Options(fleet);
        options.Broker.Engine = BrokerEngine.RabbitMq;
        options.DataDirectory = Path.Combine(fleet.Root, "rabbitmq-no-endpoints-" + Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<HostConfigurationException>(() => EdgeSecurityHost.StartAsync(options, CancellationToken.None));

        Assert.Contains("Broker:RabbitMq:Endpoints", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(options.DataDirectory), "the refused start created the data directory");
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-012")]
    public async Task The_rabbitmq_engine_with_an_unreachable_cluster_names_the_endpoints()
    {
        var options = HostFactory.Options(fleet);
        options.Broker.Engine = BrokerEngine.RabbitMq;
        options.Broker.RabbitMq.Endpoints.Add("127.0.0.1:1");

        var error = await Assert.ThrowsAsync<HostConfigurationException>(() => EdgeSecurityHost.StartAsync(options, CancellationToken.None));

        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.Contains("edgesec broker rabbitmq config", error.Message, StringComparison.Ordinal);
    }
}
