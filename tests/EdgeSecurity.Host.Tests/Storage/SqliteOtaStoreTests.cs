using EdgeSecurity.Host.Storage;

namespace EdgeSecurity.Host.Tests.Storage;

public sealed class SqliteOtaStoreTests : OtaStoreContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-sqlite-ota-").FullName;

    protected override Task<ITelemetryStore> OpenStoreAsync() =>
        Task.FromResult(TelemetryStoreFactory.Sqlite(Path.Combine(_dir, "ota.db")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
