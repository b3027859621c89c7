namespace EdgeSecurity.TestSupport;

/// <summary>
/// A real PostgreSQL server for the tests: one <see cref="LocalPostgres"/> cluster (fsync off: the tests kill
/// processes, they do not cut the machine's power). Test projects share one per collection
/// (ICollectionFixture) and take a fresh database per test.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly LocalPostgres _cluster = new(durable: false);

    public int Port => _cluster.Port;

    public Task InitializeAsync() => _cluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync().ConfigureAwait(false);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync() => _cluster.CreateDatabaseAsync();
}
