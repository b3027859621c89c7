using System.Diagnostics;
using System.Globalization;

namespace EdgeSecurity.Bench.Mqtt;

/// <summary>
/// mosquitto_sub as the common receiving end of every run: it exits after the expected number of messages,
/// which marks the end of the timed interval. Run under stdbuf so that its SUBACK line is not stuck in a pipe buffer.
/// </summary>
internal sealed class NativeSubscriber : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _received;

    public NativeSubscriber(int port, string topic, int qos, int count)
    {
        var info = new ProcessStartInfo("stdbuf", ["-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-t", topic,
            "-q", qos.ToString(CultureInfo.InvariantCulture), "-C", count.ToString(CultureInfo.InvariantCulture), "-d", "-F", "%l"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        _process = Process.Start(info) ?? throw new InvalidOperationException("mosquitto_sub did not start");
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            if (e.Data.Contains("SUBACK", StringComparison.Ordinal))
            {
                _subscribed.TrySetResult();
            }
            else if (e.Data.Length > 0 && char.IsAsciiDigit(e.Data[0]))
            {
                Interlocked.Increment(ref _received);
            }
        };
        _process.BeginOutputReadLine();
    }

    public int Received => Volatile.Read(ref _received);

    public Task WaitSubscribedAsync() => _subscribed.Task.WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Waits for the subscriber to exit after its last message; false if it timed out.</summary>
    public async Task<bool> WaitDoneAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
        _process.Dispose();
    }
}
