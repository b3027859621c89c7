using EdgeSecurity.Host.Storage;

namespace EdgeSecurity.Host.Tests.Alerts;

public sealed class SqliteConcurrentAlertRaisingTests : ConcurrentAlertRaisingContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-raising-").FullName;

    protected override Task CreateDatabaseAsync() => Task.CompletedTask;

    protected override Task<ITelemetryStore> OpenStoreAsync() =>
        Task.FromResult(TelemetryStoreFactory.Sqlite(Path.Combine(_dir, "telemetry.db")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
