using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>Starts a real host in-process: embedded mosquitto on a free port, API on a free port, fresh data directory.</summary>
internal static class HostFactory
{
    public static EdgeSecurityHostOptions Options(TestFleet fleet, string? postgresConnection = null)
    {
        var options = new EdgeSecurityHostOptions
        {
            DataDirectory = Path.Combine(fleet.Root, "host-" + Guid.NewGuid().ToString("N")[..12]),
            PkiDirectory = fleet.Pki.Root,
            RegistryPollInterval = TimeSpan.FromMilliseconds(200),
        };
        options.Urls.Add("http://127.0.0.1:0");
        options.Ingest.ClientId = "host-test-" + Guid.NewGuid().ToString("N")[..8];
        if (postgresConnection is not null)
        {
            options.Storage.Provider = "postgresql";
            options.Storage.ConnectionString = postgresConnection;
        }

        return options;
    }

    /// <summary>
    /// Options of another host instance beside <paramref name="first"/>: the same database (a SQLite path is the
    /// caller's to share) and the first instance's broker used as an external one.
    /// </summary>
    public static EdgeSecurityHostOptions SecondInstance(TestFleet fleet, EdgeSecurityHostOptions firstOptions, RunningHost first)
    {
        var options = Options(fleet, firstOptions.Storage.ConnectionString);
        options.Broker.Mode = BrokerMode.External;
        options.Broker.Port = first.BrokerPort;
        options.Broker.ServicePort = first.ServicePort;
        return options;
    }

    public static Task<RunningHost> StartAsync(EdgeSecurityHostOptions options, Action<WebApplicationBuilder>? customize = null) =>
        EdgeSecurityHost.StartAsync(
            options,
            CancellationToken.None,
            builder =>
            {
                builder.Logging.ClearProviders();
                customize?.Invoke(builder);
            });
}
