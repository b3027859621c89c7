using System.Text;
using EdgeSecurity.Broker.Supervision;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.EndToEnd.Tests.Support;

/// <summary>Keeps what the supervisor logs, mosquitto's own lines included (connection messages are on), for assertions.</summary>
internal sealed class BrokerLog : ILogger<MosquittoSupervisor>
{
    private readonly StringBuilder _text = new();

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>How many connections from <paramref name="clientId"/> mosquitto accepted so far.</summary>
    public int ConnectionsFrom(string clientId) => Count($" as {clientId} (");

    /// <summary>How many connections of <paramref name="clientId"/> mosquitto saw end so far (either way).</summary>
    public int DisconnectionsOf(string clientId) => Count($"Client {clientId} closed its connection") + Count($"Client {clientId} disconnected");

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (_text)
        {
            _text.AppendLine(formatter(state, exception));
        }
    }

    private int Count(string fragment)
    {
        var text = Text;
        var count = 0;
        for (var at = text.IndexOf(fragment, StringComparison.Ordinal); at >= 0; at = text.IndexOf(fragment, at + fragment.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
