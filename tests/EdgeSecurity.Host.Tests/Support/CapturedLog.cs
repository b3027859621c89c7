using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>
/// The last messages a test host logged under one category prefix, kept in memory so that a failing
/// assertion can show them (the test hosts log nowhere else). Thread-safe; bounded to <see cref="Kept"/> lines.
/// </summary>
internal sealed class CapturedLog(string categoryPrefix) : ILoggerProvider
{
    private const int Kept = 400;
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>The kept messages, oldest first, one per line.</summary>
    public string Text => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith(categoryPrefix, StringComparison.Ordinal) ? new Sink(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > Kept)
        {
            _lines.TryDequeue(out _);
        }
    }

    private sealed class Sink(CapturedLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Add(formatter(state, exception));
    }
}
