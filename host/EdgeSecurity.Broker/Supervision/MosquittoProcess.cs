using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Broker.Supervision;

/// <summary>One run of the mosquitto binary: its output (kept for error reports), its exit, graceful termination.</summary>
internal sealed class MosquittoProcess : IDisposable
{
    private const int OutputLinesKept = 20;
    private const int SigTerm = 15;
    private const int SigHup = 1;

    private readonly Process _process;
    private readonly Queue<string> _lastOutput = new();
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HandshakeLogReader _handshakes = new();
    private readonly Action<RefusedConnection>? _refused;
    private TaskCompletionSource? _reloaded;

    private MosquittoProcess(Process process, ILogger logger, Action<RefusedConnection>? refused)
    {
        _process = process;
        _logger = logger;
        _refused = refused;
        StartedAt = DateTimeOffset.UtcNow;
        Exited = process.WaitForExitAsync();
    }

    public Task Exited { get; }

    public DateTimeOffset StartedAt { get; }

    public int Id => _process.Id;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Starts mosquitto; <paramref name="refused"/> is called (on an output reader thread) for each TLS connection it refuses.</summary>
    public static MosquittoProcess Launch(string executable, string configPath, ILogger logger, Action<RefusedConnection>? refused = null)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(configPath);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new BrokerException($"Cannot start '{executable}': {e.Message}. {MosquittoExecutable.InstallHint}", e);
        }

        var run = new MosquittoProcess(process, logger, refused);
        process.OutputDataReceived += (_, line) => run.Record(line.Data);
        process.ErrorDataReceived += (_, line) => run.Record(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>The last lines mosquitto printed, for error reports (mosquitto logs no secrets).</summary>
    public string LastOutput()
    {
        lock (_lastOutput)
        {
            return string.Join(" | ", _lastOutput);
        }
    }

    /// <summary>
    /// Waits until mosquitto reports that it runs (it has bound its listeners then; a TCP probe alone
    /// could be answered by another process on the same port) and the listener accepts TCP connections.
    /// Fails fast if mosquitto exits first.
    /// </summary>
    public async Task WaitUntilListeningAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        using (var startTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            startTimeout.CancelAfter(timeout);
            try
            {
                await Task.WhenAny(_running.Task, Exited).WaitAsync(startTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new BrokerException($"mosquitto did not report running within {timeout.TotalSeconds:0} s. Output: {LastOutput()}");
            }
        }

        if (Exited.IsCompleted)
        {
            // Let the output readers drain so the error names mosquitto's reason.
            _process.WaitForExit();
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Exited.IsCompleted)
            {
                throw new BrokerException($"mosquitto exited at start with code {ExitCode}: {LastOutput()}");
            }

            using (var client = new TcpClient())
            {
                try
                {
                    using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    attempt.CancelAfter(TimeSpan.FromSeconds(1));
                    await client.ConnectAsync(host, port, attempt.Token).ConfigureAwait(false);
                    return;
                }
                catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    // Not listening yet.
                }
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new BrokerException($"mosquitto did not accept connections on {host}:{port} within {timeout.TotalSeconds:0} s. Output: {LastOutput()}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>SIGTERM (mosquitto saves its persistence file and closes connections), then kill after <paramref name="timeout"/>.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        if (Exited.IsCompleted)
        {
            return;
        }

        if (!OperatingSystem.IsWindows() && Signal(_process.Id, SigTerm) == 0)
        {
            if (await Task.WhenAny(Exited, Task.Delay(timeout)).ConfigureAwait(false) == Exited)
            {
                return;
            }

            _logger.LogWarning("mosquitto (pid {Pid}) did not stop within {Seconds} s of SIGTERM; killing it", _process.Id, timeout.TotalSeconds);
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        await Exited.ConfigureAwait(false);
    }

    /// <summary>SIGHUP: mosquitto re-reads its configuration, ACL and CRL for new connections (existing connections stay).</summary>
    public bool Hangup() => !OperatingSystem.IsWindows() && !Exited.IsCompleted && Signal(_process.Id, SigHup) == 0;

    /// <summary>
    /// SIGHUP, then waits until mosquitto reports that it reloaded (it does so in its main loop, after the
    /// signal handler returned): true once new connections are checked against what is on disk now.
    /// </summary>
    public async Task<bool> ReloadAsync(TimeSpan timeout)
    {
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _reloaded, reloaded);
        if (!Hangup())
        {
            return false;
        }

        return await Task.WhenAny(reloaded.Task, Exited, Task.Delay(timeout)).ConfigureAwait(false) == reloaded.Task;
    }

    public void Dispose() => _process.Dispose();

    /// <summary>Kills without waiting; for process exit, when there is no time for a graceful stop.</summary>
    public void KillNow()
    {
        if (!Exited.IsCompleted)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    // Failed client handshakes (revoked or foreign certificates, plaintext, probes) are about clients, not
    // about the broker's health; the root warning is expected (see the "user root" setting).
    private static LogLevel Classify(string line)
    {
        if (line.Contains("should not be run as root", StringComparison.Ordinal))
        {
            return LogLevel.Debug;
        }

        if (line.Contains("OpenSSL Error", StringComparison.Ordinal) || line.Contains("Client <unknown>", StringComparison.Ordinal))
        {
            return LogLevel.Information;
        }

        return line.Contains("Error", StringComparison.OrdinalIgnoreCase) || line.Contains("Warning", StringComparison.OrdinalIgnoreCase)
            ? LogLevel.Warning
            : LogLevel.Debug;
    }

    // .NET can only SIGKILL a child (Process.Kill); a graceful stop needs SIGTERM.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Signal(int pid, int signal);

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.EndsWith(" running", StringComparison.Ordinal))
        {
            _running.TrySetResult();
        }
        else if (line.EndsWith(" Reloading config.", StringComparison.Ordinal))
        {
            Volatile.Read(ref _reloaded)?.TrySetResult();
        }

        RefusedConnection? refusal;
        lock (_lastOutput)
        {
            // stdout and stderr have a reader each; the lock keeps the handshake reader's lines in order.
            refusal = _handshakes.Read(line, DateTimeOffset.UtcNow);
            _lastOutput.Enqueue(line);
            while (_lastOutput.Count > OutputLinesKept)
            {
                _lastOutput.Dequeue();
            }
        }

        _logger.Log(Classify(line), "mosquitto: {Line}", line);
        if (refusal is not null)
        {
            _refused?.Invoke(refusal);
        }
    }
}
