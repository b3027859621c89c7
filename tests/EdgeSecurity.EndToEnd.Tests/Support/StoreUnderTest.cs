using EdgeSecurity.TestSupport;

namespace EdgeSecurity.EndToEnd.Tests.Support;

/// <summary>
/// The database kind a test class runs its scenarios against (every end-to-end scenario runs on both):
/// each run gets a fresh one, a SQLite file in the host's data directory or a new database on the
/// collection's PostgreSQL server.
/// </summary>
public sealed class StoreUnderTest
{
    private readonly PostgresServer? _postgres;

    private StoreUnderTest(PostgresServer? postgres) => _postgres = postgres;

    public static StoreUnderTest Sqlite { get; } = new(null);

    public static StoreUnderTest Postgres(PostgresServer server) => new(server ?? throw new ArgumentNullException(nameof(server)));

    internal async Task<HostDatabase> CreateAsync(string hostDataDirectory) =>
        _postgres is null ? HostDatabase.Sqlite(hostDataDirectory) : HostDatabase.Postgres(await _postgres.CreateDatabaseAsync());
}
