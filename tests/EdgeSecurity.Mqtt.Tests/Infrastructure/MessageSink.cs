using System.Collections.Concurrent;
using System.Text;
using EdgeSecurity.Mqtt.Client;

namespace EdgeSecurity.Mqtt.Tests.Infrastructure;

/// <summary>A message handler that records payloads (as text) and lets a test wait for a count.</summary>
internal sealed class MessageSink
{
    private readonly ConcurrentQueue<MqttApplicationMessage> _messages = new();

    public IReadOnlyCollection<MqttApplicationMessage> Messages => _messages;

    public IEnumerable<string> Payloads => _messages.Select(m => Encoding.UTF8.GetString(m.Payload.Span));

    public ValueTask HandleAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        _messages.Enqueue(message);
        return ValueTask.CompletedTask;
    }

    public async Task WaitForAsync(Func<MessageSink, bool> condition, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!condition(this))
        {
            await Task.Delay(20, cancel.Token);
        }
    }
}
