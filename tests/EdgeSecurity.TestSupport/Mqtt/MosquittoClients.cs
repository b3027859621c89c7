using System.Diagnostics;

namespace EdgeSecurity.TestSupport.Mqtt;

/// <summary>The mosquitto_pub / mosquitto_sub command line clients as independent MQTT peers.</summary>
public static class MosquittoClients
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Publishes one QoS 1 message; returns the client's exit code (0 = connected and sent). With
    /// <paramref name="sourceAddress"/> the connection comes from that local address (mosquitto_pub -A; any of
    /// 127.0.0.0/8 on Linux), so a test can tell clients apart by their address as the broker sees it.
    /// </summary>
    public static Task<int> PublishAsync(IMqttBrokerAddress broker, MqttIdentity? identity, string topic, string message, bool tls = true, string? sourceAddress = null) =>
        RunPublishAsync(ConnectionArguments(broker, identity, tls)
            .Concat(sourceAddress is null ? [] : ["-A", sourceAddress])
            .Concat(["-q", "1", "-t", topic, "-m", message]));

    /// <summary>Publishes the content of a file as one QoS 1 message (for payloads too large for a command line argument).</summary>
    public static Task<int> PublishFileAsync(IMqttBrokerAddress broker, MqttIdentity identity, string topic, string path) =>
        RunPublishAsync(ConnectionArguments(broker, identity, tls: true).Concat(["-q", "1", "-t", topic, "-f", path]));

    private static async Task<int> RunPublishAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("mosquitto_pub") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(Timeout);
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
        var arguments = ConnectionArguments(broker, identity, tls: true).Concat(["-q", "1", "-t", topic, "-l"]);
        if (clientId is not null)
        {
            arguments = arguments.Concat(["-i", clientId]);
        }

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
