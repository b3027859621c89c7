using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace EdgeSecurity.EndToEnd.Tests.Support;

/// <summary>
/// The real host service as a child process (so that it can be killed with SIGKILL and started again on
/// the same data directory and database), connected to an external broker or running its embedded one,
/// storing in the given database.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly string _pkiDirectory;
    private readonly int _brokerPort;
    private readonly bool _embeddedBroker;
    private readonly IReadOnlyList<string> _storageArguments;
    private readonly IReadOnlyList<string> _extraArguments;
    private readonly string _token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
    private readonly StringBuilder _log = new();
    private readonly int _apiPort = FreePort();
    private Process? _process;

    /// <param name="brokerPort">The external broker's service listener, or with <paramref name="embeddedBroker"/> the embedded broker's device listener.</param>
    /// <param name="extraArguments">More host configuration (--EdgeSecurity:...=...) a scenario needs, e.g. OTA settings.</param>
    public HostProcess(string pkiDirectory, string dataDirectory, int brokerPort, IReadOnlyList<string> storageArguments, IReadOnlyList<string>? extraArguments = null, bool embeddedBroker = false)
    {
        _extraArguments = extraArguments ?? [];
        _pkiDirectory = pkiDirectory;
        DataDirectory = dataDirectory;
        _brokerPort = brokerPort;
        _embeddedBroker = embeddedBroker;
        _storageArguments = storageArguments;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_apiPort}"), Timeout = TimeSpan.FromSeconds(10) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
    }

    public string DataDirectory { get; }

    /// <summary>API client with an admin token.</summary>
    public HttpClient Http { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task StartAsync()
    {
        var process = Launch();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host exited during start-up ({process.ExitCode}):\n{Log}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (process.HasExited || deadline.Elapsed < TimeSpan.FromSeconds(90))
            {
                // Listening but not answering within the client's timeout (a loaded machine, start-up still
                // running): ask again until the deadline; an exit is reported at the top of the loop.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The host did not become healthy within 90 s:\n{Log}");
    }

    /// <summary>
    /// Starts the host and SIGKILLs it after <paramref name="after"/>, healthy or not: a crash during
    /// start-up (stopping a predecessor's broker, migrations, starting its own broker, registry import).
    /// </summary>
    public async Task StartAndKillAsync(TimeSpan after)
    {
        Launch();
        await Task.Delay(after);
        await KillAsync();
    }

    private Process Launch()
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(_token)));
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            RepositoryPaths.HostAssembly,
            $"--EdgeSecurity:PkiDirectory={_pkiDirectory}",
            $"--EdgeSecurity:DataDirectory={DataDirectory}",
            $"--EdgeSecurity:Urls:0=http://127.0.0.1:{_apiPort}",
            .. (_embeddedBroker
                ? (string[])["--EdgeSecurity:Broker:Mode=Embedded", "--EdgeSecurity:Broker:Host=127.0.0.1", $"--EdgeSecurity:Broker:Port={_brokerPort}"]
                : ["--EdgeSecurity:Broker:Mode=External", "--EdgeSecurity:Broker:Host=127.0.0.1", $"--EdgeSecurity:Broker:ServicePort={_brokerPort}"]),
            "--EdgeSecurity:Api:Tokens:0:Name=e2e",
            $"--EdgeSecurity:Api:Tokens:0:Sha256={hash}",
            "--EdgeSecurity:Api:Tokens:0:Role=admin",
            "--EdgeSecurity:RegistryPollInterval=00:00:01",
            .. _storageArguments,
            .. _extraArguments,
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        return process;
    }

    /// <summary>SIGKILL: no shutdown code runs (a crash or power loss of the server).</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("The host is not running.");
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
        }

        await process.WaitForExitAsync();
        process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } && _embeddedBroker)
        {
            // SIGTERM: the host stops its embedded mosquitto with itself.
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _process.WaitForExitAsync(stopped.Token);
        }

        if (_process is { HasExited: false })
        {
            await KillAsync();
        }

        _process?.Dispose();
        Http.Dispose();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
