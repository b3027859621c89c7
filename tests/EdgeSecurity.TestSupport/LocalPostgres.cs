using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace EdgeSecurity.TestSupport;

/// <summary>
/// A fresh PostgreSQL cluster in a temp directory on a free loopback port (initdb + pg_ctl), stopped and
/// deleted on dispose. PostgreSQL refuses to run as root, so under root (CI) the server runs as the
/// 'postgres' system user that the Debian package creates. Shared by the tests and the ingest benchmark
/// (bench/EdgeSecurity.Bench links this file), so it depends on nothing test-specific.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly bool _durable;
    private string _bin = string.Empty;
    private int _databases;

    /// <param name="durable">true: fsync and synchronous commit on (what a benchmark of durable storage needs);
    /// false: fsync off, for tests that kill processes but never cut the machine's power.</param>
    public LocalPostgres(bool durable)
    {
        _durable = durable;
    }

    public int Port { get; private set; }

    public async Task StartAsync()
    {
        _bin = FindBinDirectory();
        Port = FreePort();
        Directory.CreateDirectory(_dir);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", "postgres:postgres", _dir).ConfigureAwait(false);
        }

        var data = Path.Combine(_dir, "data");
        await RunAsPostgresAsync(asRoot, Path.Combine(_bin, "initdb"), "-D", data, "-U", "es", "--auth=trust", "-E", "UTF8", "--no-sync").ConfigureAwait(false);
        var fsync = _durable ? "on" : "off";
        await RunAsPostgresAsync(
            asRoot,
            Path.Combine(_bin, "pg_ctl"),
            "-D", data, "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "60", "start",
            "-o", $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync={fsync} -c synchronous_commit={fsync} -c max_connections=200").ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_bin.Length > 0 && Directory.Exists(Path.Combine(_dir, "data")))
        {
            await RunAsPostgresAsync(Environment.UserName == "root", Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop").ConfigureAwait(false);
        }

        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"es_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..8]}";
        await using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await admin.OpenAsync().ConfigureAwait(false);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return ConnectionString(name);
    }

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=es;Database={database};Pooling=true;Maximum Pool Size=50";

    private static string FindBinDirectory()
    {
        var fromEnv = Environment.GetEnvironmentVariable("PG_BIN");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return fromEnv;
        }

        var root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().ToArray()
            : [];
        return candidates.Length > 0
            ? candidates[0]
            : throw new InvalidOperationException("PostgreSQL server binaries not found: run 'bash scripts/install-deps.sh' (installs the postgresql package) or set PG_BIN.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunAsPostgresAsync(bool asRoot, string program, params string[] args) =>
        asRoot ? RunAsync("runuser", ["-u", "postgres", "--", program, .. args]) : RunAsync(program, args);

    private static async Task RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
        }
    }
}
