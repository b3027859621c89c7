using System.Reflection;
using System.Runtime.ExceptionServices;
using EdgeSecurity.Host.Storage;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>
/// A real store one of whose calls fails for a while: the next calls of the chosen <see cref="ITelemetryStore"/>
/// method throw the chosen exception (as a store that is unavailable for a moment does), then go through again.
/// Every other call goes to the real store unchanged, so what a background service does after the failure is
/// what it does on the real store.
/// </summary>
internal class FailingStore : DispatchProxy
{
    private ITelemetryStore? _inner;
    private string _method = "";
    private Exception? _failure;
    private int _failuresLeft;
    private int _failed;

    /// <summary>How many calls failed so far.</summary>
    public int Failed => Volatile.Read(ref _failed);

    private ITelemetryStore Inner => _inner ?? throw new InvalidOperationException("Use FailingStore.Wrap.");

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> on the returned store throw <paramref name="failure"/>.</summary>
    public static (ITelemetryStore Store, FailingStore Control) Wrap(ITelemetryStore inner, string method, Exception failure, int times = 1)
    {
        var store = Create<ITelemetryStore, FailingStore>();
        var control = (FailingStore)(object)store;
        control._inner = inner;
        control._method = method;
        control._failure = failure;
        control._failuresLeft = times;
        return (store, control);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == _method && Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            Interlocked.Increment(ref _failed);
            // Thrown from the call itself, not from the task it returns: the caller's await sees it either way.
            ExceptionDispatchInfo.Throw(_failure!);
        }

        return ProxyCall.Forward(targetMethod, Inner, args);
    }
}
