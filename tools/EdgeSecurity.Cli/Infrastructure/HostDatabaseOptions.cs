using System.CommandLine;
using EdgeSecurity.Host.Storage;

namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>
/// Where the host's database is, for commands that work on it directly (tokens): the host's SQLite file
/// under its data directory, another SQLite file, or PostgreSQL with the connection string in an
/// environment variable (it holds a password, so it is never an argument).
/// </summary>
internal sealed class HostDatabaseOptions
{
    private readonly Option<string> _dataDirectory = new("--data-dir")
    {
        Description = "The host's data directory (EdgeSecurity:DataDirectory); its SQLite database is edgesec.db in it.",
        DefaultValueFactory = _ => "data",
        HelpName = "DIR",
    };

    private readonly Option<string?> _sqlite = new("--sqlite") { Description = "The host's SQLite database file (instead of --data-dir).", HelpName = "FILE" };

    private readonly Option<string?> _postgresEnv = new("--postgres-env")
    {
        Description = "Name of the environment variable holding the host's PostgreSQL connection string.",
        HelpName = "VAR",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_dataDirectory);
        command.Options.Add(_sqlite);
        command.Options.Add(_postgresEnv);
    }

    /// <summary>Opens the store and brings its schema up to date (the same migrations the host runs).</summary>
    public async Task<ITelemetryStore> OpenAsync(ParseResult parseResult, CliContext context, CancellationToken cancellationToken)
    {
        var postgresVariable = parseResult.GetValue(_postgresEnv);
        var sqlite = parseResult.GetValue(_sqlite);
        if (postgresVariable is not null && sqlite is not null)
        {
            throw CliException.Usage("Give either --sqlite or --postgres-env, not both.");
        }

        ITelemetryStore store;
        if (postgresVariable is not null)
        {
            var connection = context.Environment(postgresVariable);
            store = string.IsNullOrWhiteSpace(connection)
                ? throw CliException.Usage($"The environment variable '{postgresVariable}' (--postgres-env) is not set: set it to the host's connection string (Host=...;Database=...;Username=...).")
                : TelemetryStoreFactory.Postgres(connection);
        }
        else
        {
            var path = sqlite ?? Path.Combine(parseResult.GetValue(_dataDirectory)!, "edgesec.db");
            if (!File.Exists(path))
            {
                throw CliException.Io($"No host database at '{Path.GetFullPath(path)}': point --data-dir at the host's data directory (or --sqlite at its database, --postgres-env for PostgreSQL).");
            }

            store = TelemetryStoreFactory.Sqlite(path);
        }

        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException e)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw CliException.Failed($"Cannot open the host database: {e.Message}");
        }

        return store;
    }
}
