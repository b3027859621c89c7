using System.Diagnostics;

namespace EdgeSecurity.TestSupport.Mqtt;

/// <summary>The mosquitto_pub / mosquitto_sub command line clients as independent MQTT peers.</summary>
public static class MosquittoClients
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Publishes one QoS 1 message with the given client id or mosquitto_pub's own; returns the client's exit
    /// code (0 = connected and sent). With <paramref name="sourceAddress"/> the connection comes from that local
    /// address (mosquitto_pub -A; any of 127.0.0.0/8 on Linux), so a test can tell clients apart by their address
    /// as the broker sees it.
    /// </summary>
    public static Task<int> PublishAsync(IMqttBrokerAddress broker, MqttIdentity? identity, string topic, string message, bool tls = true, string? clientId = null, string? sourceAddress = null) =>
        RunPublishAsync(ConnectionArguments(broker, identity, tls)
            .Concat(sourceAddress is null ? [] : ["-A", sourceAddress])
            .Concat(["-q", "1", "-t", topic, "-m", message])
            .Concat(ClientIdArguments(clientId)));

    /// <summary>Publishes the content of a file as one QoS 1 message (for payloads too large for a command line argument).</summary>
    public static Task<int> PublishFileAsync(IMqttBrokerAddress broker, MqttIdentity identity, string topic, string path, string? clientId = null) =>
        RunPublishAsync(ConnectionArguments(broker, identity, tls: true).Concat(["-q", "1", "-t", topic, "-f", path]).Concat(ClientIdArguments(clientId)));

    /// <summary>
    /// Publishes the content of a file <paramref name="count"/> times as QoS 1 messages over one connection
    /// (mosquitto_pub --repeat): a flood of one binary payload; returns the client's exit code.
    /// </summary>
    public static Task<int> PublishFileRepeatedAsync(IMqttBrokerAddress broker, MqttIdentity identity, string topic, string path, int count, string? clientId = null) =>
        RunPublishAsync(
            ConnectionArguments(broker, identity, tls: true)
                .Concat(["-q", "1", "-t", topic, "-f", path, "--repeat", count.ToString(System.Globalization.CultureInfo.InvariantCulture)])
                .Concat(ClientIdArguments(clientId)),
            Timeout * 8);

    /// <summary>
    /// Publishes the content of a file as one QoS 1 message and watches for at most <paramref name="wait"/>
    /// whether the broker acknowledged it. A broker that drops a publish without closing the connection
    /// (RabbitMQ over its message size limit) leaves mosquitto_pub waiting for the PUBACK, and one that closes
    /// it may see it connect again and resend, so the client is stopped after the wait rather than awaited;
    /// the attempt reports what happened.
    /// </summary>
    public static async Task<PublishAttempt> AttemptPublishFileAsync(IMqttBrokerAddress broker, MqttIdentity identity, string topic, string path, string clientId, TimeSpan wait)
    {
        // mosquitto_pub's stdio is block-buffered on a pipe; stdbuf makes it line-buffered, so a client stopped mid-way has said what it saw.
        var start = new ProcessStartInfo("stdbuf") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "-oL", "mosquitto_pub" }.Concat(ConnectionArguments(broker, identity, tls: true)).Concat(["-d", "-q", "1", "-t", topic, "-f", path, "-i", clientId]))
        {
            start.ArgumentList.Add(argument);
        }

        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => lines.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => lines.Enqueue(e.Data ?? string.Empty);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        int? exitCode = null;
        using (var timeout = new CancellationTokenSource(wait))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
                exitCode = process.ExitCode;
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }

        string output = string.Join(" | ", lines);
        return new PublishAttempt(
            exitCode,
            lines.Count(l => l.Contains("received PUBACK", StringComparison.Ordinal)) > 0,
            lines.Count(l => l.Contains("sending CONNECT", StringComparison.Ordinal)),
            output);
    }

    private static string[] ClientIdArguments(string? clientId) => clientId is null ? [] : ["-i", clientId];

    private static async Task<int> RunPublishAsync(IEnumerable<string> arguments, TimeSpan? timeLimit = null)
    {
        var start = new ProcessStartInfo("mosquitto_pub") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(timeLimit ?? Timeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(output, error);
        return process.ExitCode;
    }

    /// <summary>
    /// Publishes each line as one QoS 1 message over a single connection (mosquitto_pub -l), with the given
    /// client id or mosquitto_pub's own; returns the client's exit code.
    /// </summary>
    public static async Task<int> PublishLinesAsync(IMqttBrokerAddress broker, MqttIdentity identity, string topic, IEnumerable<string> lines, string? clientId = null)
    {
        var start = new ProcessStartInfo("mosquitto_pub") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        var arguments = ConnectionArguments(broker, identity, tls: true).Concat(["-q", "1", "-t", topic, "-l"]).Concat(ClientIdArguments(clientId));

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(Timeout * 4);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        foreach (string line in lines)
        {
            await process.StandardInput.WriteLineAsync(line.AsMemory(), timeout.Token);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(output, error);
        return process.ExitCode;
    }

    public static IEnumerable<string> ConnectionArguments(IMqttBrokerAddress broker, MqttIdentity? identity, bool tls)
    {
        yield return "-h";
        yield return "localhost";
        yield return "-p";
        yield return broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (tls)
        {
            yield return "--cafile";
            yield return broker.CaCertificate;
        }

        if (identity is not null)
        {
            yield return "--cert";
            yield return identity.CertificatePath;
            yield return "--key";
            yield return identity.KeyPath;
        }
    }
}

/// <summary>What one mosquitto_pub attempt saw: its exit code (null when it was still retrying and was stopped), whether a PUBACK came, how often it connected.</summary>
public sealed record PublishAttempt(int? ExitCode, bool Acknowledged, int Connects, string Output)
{
    /// <summary>
    /// The broker took no responsibility for the message: no PUBACK, and mosquitto_pub did not succeed (it exited
    /// with an error because the connection was closed, or was still waiting when it was stopped).
    /// </summary>
    public bool Refused => !Acknowledged && ExitCode is not 0;
}
