using System.Diagnostics;

namespace EdgeSecurity.Mqtt.Tests.Infrastructure;

/// <summary>
/// Debian's Paho Python client (/usr/bin/python3, not a pyenv interpreter) as an independent MQTT peer over
/// mutual TLS. Each run prints one line per event on stdout and exits by itself (with a hard deadline).
/// </summary>
internal static class PahoPeer
{
    private const string Python = "/usr/bin/python3";

    private const string Common = """
        import os, sys, threading, paho.mqtt.client as mqtt
        port, ca, cert, key, topic, count, client_id = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]), sys.argv[7]
        threading.Timer(30, lambda: os._exit(3)).start()
        client = mqtt.Client(client_id=client_id, clean_session=True, protocol=mqtt.MQTTv311)
        client.tls_set(ca_certs=ca, certfile=cert, keyfile=key)
        """;

    private const string Subscriber = Common + "\n" + """
        received = 0
        def on_connect(c, userdata, flags, rc):
            c.subscribe(topic, qos=1)
        def on_subscribe(c, userdata, mid, granted):
            print("READY", flush=True)
        def on_message(c, userdata, msg):
            global received
            print("MSG " + msg.payload.decode(), flush=True)
            received += 1
            if received >= count:
                c.disconnect()
        client.on_connect, client.on_subscribe, client.on_message = on_connect, on_subscribe, on_message
        client.connect("127.0.0.1", port, 30)
        client.loop_forever()
        os._exit(0)
        """;

    private const string Publisher = Common + "\n" + """
        client.connect("127.0.0.1", port, 30)
        client.loop_start()
        for i in range(count):
            client.publish(topic, "paho-%d" % i, qos=1).wait_for_publish()
        client.disconnect()
        client.loop_stop()
        print("DONE", flush=True)
        os._exit(0)
        """;

    public static bool IsAvailable => File.Exists(Python);

    public static Process StartSubscriber(MosquittoBroker broker, string topic, int count) => Start(broker, Subscriber, topic, count, "paho-sub");

    public static Process StartPublisher(MosquittoBroker broker, string topic, int count) => Start(broker, Publisher, topic, count, "paho-pub");

    /// <summary>Reads stdout lines until <paramref name="stopAfter"/> says so or the process ends (then the last line is "EXITED" + stderr).</summary>
    public static async Task<List<string>> ReadLinesAsync(Process process, Func<string, bool> stopAfter, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var lines = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
        {
            lines.Add(line);
            if (stopAfter(line))
            {
                return lines;
            }
        }

        // The process ended: its error output explains why, in the test's failure message.
        lines.Add("EXITED " + await process.StandardError.ReadToEndAsync(cancel.Token));
        return lines;
    }

    private static Process Start(MosquittoBroker broker, string script, string topic, int count, string clientId)
    {
        var scriptPath = Path.Combine(broker.Directory, clientId + ".py");
        File.WriteAllText(scriptPath, script);
        var (certificate, key) = broker.WriteClientPem(clientId);
        var info = new ProcessStartInfo(Python, [scriptPath, broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), broker.CaPath, certificate, key, topic, count.ToString(System.Globalization.CultureInfo.InvariantCulture), clientId])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
    }
}
