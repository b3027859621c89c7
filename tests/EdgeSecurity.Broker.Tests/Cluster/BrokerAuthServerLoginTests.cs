using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EdgeSecurity.Broker.Cluster;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Broker.Tests.Cluster;

/// <summary>
/// The cluster's authorizer asked as RabbitMQ's HTTP auth backend asks it (a form POST, here sent by curl): a login
/// under a revoked device's certificate is refused and reported in the authorizer's log as such, with a stable
/// event id and reason the operator's log pipeline can alert on; the host never sees it (docs/host.md).
/// </summary>
public sealed class BrokerAuthServerLoginTests : IAsyncLifetime
{
    private readonly CapturingLogger _log = new();
    private BrokerAuthServer? _server;

    public Task InitializeAsync()
    {
        var fleet = new FleetIdentities("host-service", ["dev-a"], ["dev-r"]);
        _server = new BrokerAuthServer(new BrokerAccessPolicy(() => fleet), "127.0.0.1", FreePort(), _log);
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-018")]
    public async Task A_revoked_devices_login_is_refused_and_reported_with_its_reason()
    {
        Assert.Equal("allow", await LoginAsync("dev-a"));
        Assert.Equal("deny", await LoginAsync("dev-r"));
        Assert.Equal("deny", await LoginAsync("stranger"));
        Assert.Equal("deny", await LoginAsync("dev-a", password: "guess"));

        var refused = _log.Entries.Where(e => e.Id.Id == BrokerAuthServer.LoginRefusedEventId).ToList();
        string[] expected = ["Broker login refused for dev-r: revoked-device", "Broker login refused for stranger: unknown-identity", "Broker login refused for dev-a: password-given"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), refused.Select(e => e.Message).Order(StringComparer.Ordinal));
        Assert.All(refused, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.All(refused, e => Assert.Equal("BrokerLoginRefused", e.Id.Name));
        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains("guess", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-018")]
    public void The_registry_reading_tells_revoked_devices_from_unknown_names()
    {
        var registry = new EdgeSecurity.Pki.Registry.FleetRegistry { ServiceIdentity = "host-service" };
        registry.Devices.Add(new EdgeSecurity.Pki.Registry.DeviceRecord { Id = "dev-a", SerialNumber = "01", Thumbprint = "AA", Status = EdgeSecurity.Pki.Registry.DeviceStatus.Active });
        registry.Devices.Add(new EdgeSecurity.Pki.Registry.DeviceRecord { Id = "dev-r", SerialNumber = "02", Thumbprint = "BB", Status = EdgeSecurity.Pki.Registry.DeviceStatus.Revoked });
        var policy = new BrokerAccessPolicy(() => FleetIdentities.From(registry));

        Assert.Equal(LoginRefusal.None, policy.RefusesUser("dev-a", passwordGiven: false));
        Assert.Equal(LoginRefusal.None, policy.RefusesUser("host-service", passwordGiven: false));
        Assert.Equal(LoginRefusal.RevokedDevice, policy.RefusesUser("dev-r", passwordGiven: false));
        Assert.Equal(LoginRefusal.UnknownIdentity, policy.RefusesUser("dev-x", passwordGiven: false));
        Assert.Equal(LoginRefusal.UnknownIdentity, policy.RefusesUser(null, passwordGiven: false));
        Assert.Equal(LoginRefusal.PasswordGiven, policy.RefusesUser("dev-r", passwordGiven: true));
    }

    // curl posts the form the way rabbitmq_auth_backend_http does (application/x-www-form-urlencoded).
    private async Task<string> LoginAsync(string username, string? password = null)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "-sS", "--max-time", "10", "-X", "POST", "--data-urlencode", "username=" + username }
            .Concat(password is null ? [] : ["--data-urlencode", "password=" + password])
            .Append($"http://127.0.0.1:{_server!.Port}{BrokerAuthServer.UserPath}"))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        string answer = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
        return answer;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class CapturingLogger : ILogger
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(LogLevel Level, EventId Id, string Message)> _entries = new();

        public IReadOnlyList<(LogLevel Level, EventId Id, string Message)> Entries => [.. _entries];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _entries.Enqueue((logLevel, eventId, formatter(state, exception)));
    }
}
