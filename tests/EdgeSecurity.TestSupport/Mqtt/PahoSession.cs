using System.Diagnostics;
using System.Globalization;

namespace EdgeSecurity.TestSupport.Mqtt;

/// <summary>
/// One MQTT connection held by Debian's Paho Python client (an independent peer) with a device certificate:
/// it reports when the broker drops the connection, then tries once to connect again and reports whether
/// the broker let it in. Paho does not reconnect by itself here, so a drop is seen exactly when it happens.
/// </summary>
public sealed class PahoSession : IAsyncDisposable
{
    private const string Script = """
        import os, sys, threading, time, paho.mqtt.client as mqtt
        port, ca, cert, key, client_id = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
        threading.Timer(120, lambda: os._exit(3)).start()
        def session():
            state = {"connected": None}
            def on_connect(c, userdata, flags, rc):
                state["connected"] = rc == 0
            c = mqtt.Client(client_id=client_id, clean_session=True, protocol=mqtt.MQTTv311)
            c.tls_set(ca_certs=ca, certfile=cert, keyfile=key)
            c.on_connect = on_connect
            try:
                c.connect("127.0.0.1", port, 60)
                deadline = time.monotonic() + 10
                while state["connected"] is None and time.monotonic() < deadline:
                    if c.loop(timeout=0.1) != 0:
                        break
            except Exception:
                return None
            return c if state["connected"] else None
        c = session()
        if c is None:
            print("REFUSED", flush=True)
            os._exit(0)
        print("CONNECTED", flush=True)
        while c.loop(timeout=0.1) == 0:
            pass
        print("DROPPED", flush=True)
        print("RECONNECTED" if session() is not None else "REFUSED", flush=True)
        os._exit(0)
        """;

    private readonly Process _process;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _dropped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _reconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _scriptPath;

    private PahoSession(Process process, string scriptPath)
    {
        _process = process;
        _scriptPath = scriptPath;
    }

    /// <summary>Completes when the broker dropped the connection.</summary>
    public Task Dropped => _dropped.Task;

    /// <summary>After the drop: whether the broker accepted a new connection.</summary>
    public Task<bool> Reconnected => _reconnected.Task;

    public static async Task<PahoSession> ConnectAsync(IMqttBrokerAddress broker, MqttIdentity identity)
    {
        string script = Path.Combine(Path.GetTempPath(), "paho-session-" + Guid.NewGuid().ToString("N") + ".py");
        await File.WriteAllTextAsync(script, Script);
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { script, broker.Port.ToString(CultureInfo.InvariantCulture), broker.CaCertificate, identity.CertificatePath, identity.KeyPath, identity.Name })
        {
            start.ArgumentList.Add(argument);
        }

        var session = new PahoSession(new Process { StartInfo = start }, script);
        session._process.OutputDataReceived += (_, e) => session.OnLine(e.Data);
        session._process.ErrorDataReceived += (_, _) => { };
        session._process.Start();
        session._process.BeginOutputReadLine();
        session._process.BeginErrorReadLine();
        await session._connected.Task.WaitAsync(MosquittoClients.Timeout);
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        File.Delete(_scriptPath);
    }

    private void OnLine(string? line)
    {
        switch (line)
        {
            case "CONNECTED":
                _connected.TrySetResult();
                break;
            case "DROPPED":
                _dropped.TrySetResult();
                break;
            case "RECONNECTED":
                _reconnected.TrySetResult(true);
                break;
            case "REFUSED":
                _connected.TrySetException(new InvalidOperationException("Paho could not connect."));
                _reconnected.TrySetResult(false);
                break;
        }
    }
}
