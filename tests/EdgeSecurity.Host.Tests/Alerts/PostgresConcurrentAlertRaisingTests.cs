using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Tests.Infrastructure;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.Host.Tests.Alerts;

[Collection(PostgresCollection.Name)]
public sealed class PostgresConcurrentAlertRaisingTests(PostgresServer server) : ConcurrentAlertRaisingContract
{
    private string? _database;

    protected override async Task CreateDatabaseAsync() => _database = await server.CreateDatabaseAsync();

    protected override Task<ITelemetryStore> OpenStoreAsync() =>
        Task.FromResult(TelemetryStoreFactory.Postgres(_database ?? throw new InvalidOperationException("No database created.")));
}
