using System.Runtime.InteropServices;

namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>
/// Waits until Ctrl+C or SIGTERM for commands that run a service in the foreground (a broker, an authorizer).
/// The signals are handled here, not by the runtime's default exit, so the command can stop what it runs
/// instead of leaving it orphaned.
/// </summary>
internal static class StopSignal
{
    public static async Task WaitAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void RequestStop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C, SIGTERM or the caller's cancellation: the command goes on to stop what it runs.
        }
    }
}
