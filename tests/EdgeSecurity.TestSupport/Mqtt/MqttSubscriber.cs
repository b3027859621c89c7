using System.Diagnostics;

namespace EdgeSecurity.TestSupport.Mqtt;

/// <summary>
/// A running mosquitto_sub. Started only once the broker acknowledged the subscription, so a test can
/// publish right away; received messages are collected as "topic payload" lines.
/// </summary>
public sealed class MqttSubscriber : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _messages = [];
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _droppedBeforeSubscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connectsSent;
    private readonly object _gate = new();
    private int _connects;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MqttSubscriber(Process process)
    {
        _process = process;
    }

    public Task Exited { get; private set; } = Task.CompletedTask;

    /// <summary>CONNACKs received: more than one means the broker dropped the connection and mosquitto_sub reconnected.</summary>
    public int Connects
    {
        get
        {
            lock (_gate)
            {
                return _connects;
            }
        }
    }

    /// <summary>Everything mosquitto_sub printed (debug lines included).</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join(" | ", _output);
            }
        }
    }

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public static Task<MqttSubscriber> StartAsync(IMqttBrokerAddress broker, MqttIdentity identity, params string[] topics) =>
        StartWithClientIdAsync(broker, identity, identity.Name + "-" + Guid.NewGuid().ToString("N")[..8], topics);

    /// <summary>Connects with the given MQTT client id (a hostile client may pick any).</summary>
    public static async Task<MqttSubscriber> StartWithClientIdAsync(IMqttBrokerAddress broker, MqttIdentity identity, string clientId, params string[] topics)
    {
        // mosquitto_sub's stdio is block-buffered on a pipe; stdbuf makes it line-buffered so lines arrive live.
        var start = new ProcessStartInfo("stdbuf") { RedirectStandardOutput = true, RedirectStandardError = true };
        var arguments = new[] { "-oL", "mosquitto_sub" }.Concat(MosquittoClients.ConnectionArguments(broker, identity, tls: true)
            .Concat(["-i", clientId, "-q", "1", "-v", "-d"])
            .Concat(topics.SelectMany(t => new[] { "-t", t })));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var subscriber = new MqttSubscriber(new Process { StartInfo = start });
        subscriber._process.OutputDataReceived += (_, e) => subscriber.OnLine(e.Data);
        subscriber._process.ErrorDataReceived += (_, e) => subscriber.OnLine(e.Data);
        subscriber._process.Start();
        subscriber.Exited = subscriber._process.WaitForExitAsync();
        subscriber._process.BeginOutputReadLine();
        subscriber._process.BeginErrorReadLine();
        // A broker that refuses a subscription by closing the connection (RabbitMQ) gets no SUBACK, and mosquitto_sub
        // connects again and again: its second CONNECT before any SUBACK is that refusal.
        var ready = await Task.WhenAny(subscriber._subscribed.Task, subscriber.Exited, subscriber._droppedBeforeSubscribed.Task, Task.Delay(MosquittoClients.Timeout));
        if (ready != subscriber._subscribed.Task)
        {
            await subscriber.DisposeAsync();
            throw new InvalidOperationException($"mosquitto_sub as {identity.Name} did not get a SUBACK: {string.Join(" | ", subscriber._output)}");
        }

        return subscriber;
    }

    /// <summary>Waits until a message with exactly this payload arrived (on any topic) and returns its line.</summary>
    public async Task<string> WaitForPayloadAsync(string payload)
    {
        var deadline = DateTime.UtcNow + MosquittoClients.Timeout;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                string? line = _messages.Find(m => m.EndsWith(" " + payload, StringComparison.Ordinal));
                if (line is not null)
                {
                    return line;
                }

                changed = _changed.Task;
            }

            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(remaining)) != changed)
            {
                throw new TimeoutException($"'{payload}' did not arrive; got: {string.Join(" | ", Messages)}");
            }
        }
    }

    public async Task WaitForCountAsync(int count)
    {
        var deadline = DateTime.UtcNow + MosquittoClients.Timeout;
        while (Messages.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"expected {count} messages; got: {string.Join(" | ", Messages)}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await Exited;
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Add(line);
        }

        if (line.Contains("sending CONNECT", StringComparison.Ordinal) && Interlocked.Increment(ref _connectsSent) > 1 && !_subscribed.Task.IsCompleted)
        {
            _droppedBeforeSubscribed.TrySetResult();
        }
        else if (line.Contains("received CONNACK", StringComparison.Ordinal))
        {
            lock (_gate)
            {
                _connects++;
            }
        }
        else if (line.Contains("received SUBACK", StringComparison.Ordinal))
        {
            _subscribed.TrySetResult();
        }
        else if (line.StartsWith("es/", StringComparison.Ordinal))
        {
            lock (_gate)
            {
                _messages.Add(line);
                var changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                changed.TrySetResult();
            }
        }
    }
}
