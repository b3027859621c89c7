using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Cli.Commands.Broker;

/// <summary>Minimal logger for 'broker run': one timestamped line per message on stderr.</summary>
internal sealed class ConsoleBrokerLogger<T>(TextWriter writer, LogLevel minimum) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        string line = $"{DateTimeOffset.UtcNow:HH:mm:ss} {logLevel.ToString().ToLowerInvariant()}: {formatter(state, exception)}";
        if (exception is not null)
        {
            line += " (" + exception.Message + ")";
        }

        lock (writer)
        {
            writer.WriteLine(line);
        }
    }
}
