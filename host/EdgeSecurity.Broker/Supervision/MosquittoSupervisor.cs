using System.Net;
using System.Net.Sockets;
using EdgeSecurity.Broker.Configuration;
using EdgeSecurity.Mqtt;
using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Registry;
using EdgeSecurity.Pki.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSecurity.Broker.Supervision;

/// <summary>
/// Runs the fleet's mosquitto as a child process with a configuration generated from the PKI: starts it
/// (on a free port when <see cref="BrokerOptions.Port"/> is 0), waits until it accepts connections,
/// restarts it with exponential back-off when it dies, applies a changed CRL without a restart (SIGHUP,
/// then a session takeover of each newly revoked device, so the rest of the fleet stays connected), and
/// stops it gracefully.
/// </summary>
public sealed class MosquittoSupervisor : IAsyncDisposable
{
    private readonly BrokerOptions _options;
    private readonly SupervisorSettings _settings;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly PkiLayout _pki;
    private string? _executable;
    private string? _configPath;
    private MosquittoProcess? _process;
    private DataDirectoryLock? _lock;
    private HashSet<string> _revokedSerials = [];
    private Task? _watch;
    private int _consecutiveFailures;
    private bool _stopped;
    private bool _disposed;

    public MosquittoSupervisor(BrokerOptions options, SupervisorSettings? settings = null, ILogger<MosquittoSupervisor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _settings = settings ?? new SupervisorSettings();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _pki = new PkiLayout(options.PkiDirectory);
    }

    /// <summary>Raised after the broker was started again (after a crash or a reload), on a thread-pool thread.</summary>
    public event EventHandler<BrokerRestartedEventArgs>? Restarted;

    /// <summary>Raised after a changed CRL was applied and the devices it newly revokes were disconnected, on a thread-pool thread.</summary>
    public event EventHandler<RevocationsAppliedEventArgs>? RevocationsApplied;

    /// <summary>
    /// Raised for each TLS connection mosquitto refused (no, expired, revoked or foreign certificate; not TLS at
    /// all), on mosquitto's output reader thread: a handler must return quickly and must not throw.
    /// </summary>
    public event EventHandler<RefusedConnection>? ConnectionRefused;

    /// <summary>The listener port (known after <see cref="StartAsync"/>; stays the same across restarts).</summary>
    public int Port { get; private set; }

    /// <summary>The service listener's port, for host instances (known after <see cref="StartAsync"/>; stays the same across restarts).</summary>
    public int ServicePort { get; private set; }

    /// <summary>The address clients on this machine connect to.</summary>
    public string Host => LocalAddress(_options.ListenAddress);

    /// <summary>The address host instances on this machine connect to.</summary>
    public string ServiceHost => LocalAddress(_options.ServiceListenAddress);

    /// <summary>Process id of the current mosquitto, or null when it is not running.</summary>
    public int? ProcessId
    {
        get
        {
            var process = _process;
            return process is not null && !process.Exited.IsCompleted ? process.Id : null;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_process is not null || _stopped)
            {
                throw new InvalidOperationException("The supervisor was already started; create a new one to start again.");
            }

            _executable = MosquittoExecutable.Locate(_settings.MosquittoPath);
            // Own the data directory first: then any mosquitto still running with its configuration was
            // left by a supervisor that died (SIGKILL, crash) and is stopped before it blocks the ports.
            string dataDirectory = Path.GetFullPath(_options.DataDirectory);
            SecureFiles.CreateOwnerOnlyDirectory(dataDirectory);
            _lock = DataDirectoryLock.Acquire(dataDirectory);
            await OrphanedBroker.StopAllAsync(Path.Combine(dataDirectory, MosquittoConfigBuilder.ConfigFileName), _settings.StopTimeout, _logger).ConfigureAwait(false);
            Port = _options.Port == 0 ? FreePort(Host) : _options.Port;
            ServicePort = _options.ServicePort == 0 ? FreePort(ServiceHost, Port) : _options.ServicePort;
            _configPath = BrokerConfigurationWriter.Write(_options, Port, ServicePort).ConfigPath;
            _revokedSerials = RevokedSerials();
            _process = await LaunchAsync(cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("mosquitto (pid {Pid}) listening on {Address}:{Port}", _process.Id, _options.ListenAddress, Port);
            _watch = Task.Run(() => WatchAsync(_lifetime.Token), CancellationToken.None);
            AppDomain.CurrentDomain.ProcessExit += KillOnProcessExit;
        }
        catch
        {
            _lock?.Dispose();
            _lock = null;
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Applies a changed PKI (new CRL after a revocation): restarts mosquitto on the same port. mosquitto
    /// 2.0 re-reads the CRL on SIGHUP but keeps an already connected revoked device connected, so a
    /// restart is the only way to cut it off; persistent sessions survive through the persistence file.
    /// </summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var old = _process ?? throw new InvalidOperationException("The broker is not running; call StartAsync first.");
            _logger.LogInformation("Restarting mosquitto (pid {Pid}) to apply the current CRL and ACL", old.Id);
            // Regenerate first: if the PKI is broken now, the running broker keeps serving.
            _configPath = BrokerConfigurationWriter.Write(_options, Port, ServicePort).ConfigPath;
            await RestartLockedAsync(old, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        RaiseRestarted(new BrokerRestartedEventArgs(BrokerRestartReason.Reload, null, 1, Port));
    }

    /// <summary>Stops the broker (SIGTERM, then kill) and the supervision. Safe to call more than once.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_disposed)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= KillOnProcessExit;
        await _lifetime.CancelAsync().ConfigureAwait(false);
        if (_watch is not null)
        {
            await _watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _stopped = true;
            if (_process is not null)
            {
                await _process.TerminateAsync(_settings.StopTimeout).ConfigureAwait(false);
                _logger.LogInformation("mosquitto (pid {Pid}) stopped", _process.Id);
                _process.Dispose();
                _process = null;
            }

            _lock?.Dispose();
            _lock = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        _disposed = true;
        _lifetime.Dispose();
        _gate.Dispose();
    }

    private async Task RestartLockedAsync(MosquittoProcess old, CancellationToken cancellationToken)
    {
        await old.TerminateAsync(_settings.StopTimeout).ConfigureAwait(false);
        // If the new start fails, the old (exited) process stays current, so the watch loop
        // treats it as a crash and keeps retrying with back-off.
        _process = await LaunchAsync(cancellationToken).ConfigureAwait(false);
        old.Dispose();
    }

    private HashSet<string> RevokedSerials() =>
        [.. FleetRegistryFile.Load(_pki).RevokedCertificates.Select(c => c.SerialNumber)];

    // Last resort when the host exits without stopping the supervisor: never leave an orphaned broker holding the port.
    private void KillOnProcessExit(object? sender, EventArgs e) => _process?.KillNow();

    private async Task<MosquittoProcess> LaunchAsync(CancellationToken cancellationToken)
    {
        var process = MosquittoProcess.Launch(_executable!, _configPath!, _logger, RaiseConnectionRefused);
        try
        {
            await process.WaitUntilListeningAsync(Host, Port, _settings.StartTimeout, cancellationToken).ConfigureAwait(false);
            return process;
        }
        catch
        {
            await process.TerminateAsync(_settings.StopTimeout).ConfigureAwait(false);
            process.Dispose();
            throw;
        }
    }

    private async Task WatchAsync(CancellationToken token)
    {
        var crlStamp = CrlStamp();
        var certificateStamp = BrokerCertificateStamp();
        while (!token.IsCancellationRequested)
        {
            var current = _process;
            if (current is null)
            {
                return;
            }

            var poll = _settings.CrlPollInterval ?? Timeout.InfiniteTimeSpan;
            try
            {
                await Task.WhenAny(current.Exited, Task.Delay(poll, token)).ConfigureAwait(false);
                if (token.IsCancellationRequested)
                {
                    return;
                }

                if (current.Exited.IsCompleted)
                {
                    await RecoverAsync(current, token).ConfigureAwait(false);
                }
                else if (_settings.CrlPollInterval is not null && CrlStamp() != crlStamp)
                {
                    crlStamp = CrlStamp();
                    _logger.LogInformation("The CRL changed ({Path}); applying it and disconnecting newly revoked devices", _pki.Crl);
                    await ApplyRevocationsAsync(token).ConfigureAwait(false);
                }
                else if (_settings.CrlPollInterval is not null && BrokerCertificateStamp() is var stamp && stamp != certificateStamp && BrokerKeyPairMatches())
                {
                    // A renewed broker certificate ('edgesec pki renew-service broker'); taken once key and certificate match.
                    certificateStamp = stamp;
                    await ReloadCertificateAsync(token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is BrokerException or IOException or PkiException)
            {
                _logger.LogError(e, "Supervising mosquitto failed; trying again");
            }
        }
    }

    /// <summary>
    /// Applies the CRL on disk without disconnecting the fleet: SIGHUP makes mosquitto check new connections
    /// against it, then each device with a newly revoked certificate is disconnected by a session takeover
    /// on the service listener (its reconnect then fails the CRL). Falls back to a restart when mosquitto
    /// does not confirm the reload.
    /// </summary>
    public async Task ApplyRevocationsAsync(CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        List<string> newlyRevoked;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var process = _process ?? throw new InvalidOperationException("The broker is not running; call StartAsync first.");
            _configPath = BrokerConfigurationWriter.Write(_options, Port, ServicePort).ConfigPath;
            var registry = FleetRegistryFile.Load(_pki);
            newlyRevoked = [.. registry.RevokedCertificates.Where(c => !_revokedSerials.Contains(c.SerialNumber)).Select(c => c.DeviceId).Distinct(StringComparer.Ordinal)];
            _revokedSerials = [.. registry.RevokedCertificates.Select(c => c.SerialNumber)];
            if (!await process.ReloadAsync(_settings.StopTimeout).ConfigureAwait(false))
            {
                _logger.LogWarning("mosquitto (pid {Pid}) did not confirm the reload; restarting it to apply the CRL", process.Id);
                await RestartLockedAsync(process, cancellationToken).ConfigureAwait(false);
                newlyRevoked = [];
            }
        }
        finally
        {
            _gate.Release();
        }

        var takeover = new SessionTakeover(_pki, ServiceHost, ServicePort);
        bool allCut = true;
        foreach (string deviceId in newlyRevoked)
        {
            try
            {
                await takeover.DisconnectAsync(deviceId, cancellationToken).ConfigureAwait(false);
                _logger.LogInformation("Disconnected revoked device {DeviceId}", deviceId);
            }
            catch (MqttException e)
            {
                _logger.LogError(e, "Could not disconnect revoked device {DeviceId} by a session takeover", deviceId);
                allCut = false;
            }
        }

        if (!allCut)
        {
            // A revoked device must not stay connected: cut everyone rather than leave it in.
            await ReloadAsync(cancellationToken).ConfigureAwait(false);
        }

        var args = new RevocationsAppliedEventArgs(newlyRevoked, DateTimeOffset.UtcNow - started);
        try
        {
            RevocationsApplied?.Invoke(this, args);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A faulty subscriber must not stop the supervision of the broker.
            _logger.LogError(e, "A RevocationsApplied event handler failed");
        }
    }

    /// <summary>
    /// Makes mosquitto present the broker certificate now on disk: mosquitto 2.0 loads its listeners' certificate
    /// and key again on SIGHUP (tested), and connected clients keep their connections. Falls back to a restart
    /// when mosquitto does not confirm the reload.
    /// </summary>
    public async Task ReloadCertificateAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var process = _process ?? throw new InvalidOperationException("The broker is not running; call StartAsync first.");
            _logger.LogInformation("The broker certificate changed ({Path}); reloading mosquitto (pid {Pid}) to present it", _pki.BrokerCertificate, process.Id);
            if (!await process.ReloadAsync(_settings.StopTimeout).ConfigureAwait(false))
            {
                _logger.LogWarning("mosquitto (pid {Pid}) did not confirm the reload; restarting it to present the renewed certificate", process.Id);
                await RestartLockedAsync(process, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    // Restarts a broker that died by itself, with exponential back-off while restarts keep failing.
    private async Task RecoverAsync(MosquittoProcess died, CancellationToken token)
    {
        int? firstExitCode;
        await _gate.WaitAsync(token).ConfigureAwait(false);
        try
        {
            if (!ReferenceEquals(_process, died))
            {
                return; // a reload already replaced it
            }

            if (DateTimeOffset.UtcNow - died.StartedAt >= _settings.HealthyUptime)
            {
                _consecutiveFailures = 0;
            }

            int? exitCode = died.ExitCode;
            firstExitCode = exitCode;
            string lastOutput = died.LastOutput();
            died.Dispose();
            _process = null;
            while (true)
            {
                _consecutiveFailures++;
                var delay = RestartDelay(_consecutiveFailures);
                _logger.LogWarning(
                    "mosquitto exited unexpectedly with code {ExitCode} (last output: {Output}); restart attempt {Attempt} in {Delay} ms",
                    exitCode,
                    lastOutput,
                    _consecutiveFailures,
                    (int)delay.TotalMilliseconds);
                await Task.Delay(delay, token).ConfigureAwait(false);
                try
                {
                    _process = await LaunchAsync(token).ConfigureAwait(false);
                    _logger.LogInformation("mosquitto restarted (pid {Pid}) on port {Port}", _process.Id, Port);
                    break;
                }
                catch (BrokerException e)
                {
                    lastOutput = e.Message;
                    exitCode = null;
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        RaiseRestarted(new BrokerRestartedEventArgs(BrokerRestartReason.Crashed, firstExitCode, _consecutiveFailures, Port));
    }

    private TimeSpan RestartDelay(int failures)
    {
        double factor = Math.Pow(2, Math.Min(failures - 1, 16));
        var delay = TimeSpan.FromMilliseconds(_settings.InitialRestartDelay.TotalMilliseconds * factor);
        return delay < _settings.MaxRestartDelay ? delay : _settings.MaxRestartDelay;
    }

    private void RaiseConnectionRefused(RefusedConnection refusal)
    {
        try
        {
            ConnectionRefused?.Invoke(this, refusal);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A faulty subscriber must not stop reading mosquitto's output.
            _logger.LogError(e, "A ConnectionRefused event handler failed");
        }
    }

    private void RaiseRestarted(BrokerRestartedEventArgs args)
    {
        try
        {
            Restarted?.Invoke(this, args);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A faulty subscriber must not stop the supervision of the broker.
            _logger.LogError(e, "A Restarted event handler failed");
        }
    }

    // The CRL is a few hundred bytes to a few KB; hashing it is cheaper and surer than trusting timestamps.
    private string CrlStamp() =>
        File.Exists(_pki.Crl) ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(_pki.Crl))) : "";

    private string BrokerCertificateStamp() =>
        File.Exists(_pki.BrokerCertificate) && File.Exists(_pki.BrokerKey)
            ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData([.. File.ReadAllBytes(_pki.BrokerCertificate), .. File.ReadAllBytes(_pki.BrokerKey)]))
            : "";

    // Between the renewal's two renames the key on disk can be the new one and the certificate the old one.
    private bool BrokerKeyPairMatches()
    {
        try
        {
            using var pair = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(_pki.BrokerCertificate, _pki.BrokerKey);
            return true;
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            // CreateFromPemFile throws ArgumentException for a key that is not the certificate's.
            _logger.LogInformation("The broker certificate and key on disk do not match yet ({Reason}); waiting for the next look", e.Message);
            return false;
        }
    }

    private static string LocalAddress(string listenAddress) => listenAddress switch
    {
        "0.0.0.0" => "127.0.0.1",
        "::" => "::1",
        var address => address,
    };

    private static int FreePort(string host, int taken = 0)
    {
        var address = IPAddress.TryParse(host, out var parsed) ? parsed : Dns.GetHostAddresses(host)[0];
        while (true)
        {
            using var listener = new TcpListener(address, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port != taken)
            {
                return port;
            }
        }
    }
}
