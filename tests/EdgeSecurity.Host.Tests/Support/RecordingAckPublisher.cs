using System.Threading.Channels;
using EdgeSecurity.Host.Ingest;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>
/// Keeps the acks an in-process ingestor sends, in order, instead of handing them to a broker: the test reads them as
/// the device would (decoded and authenticated with the device's event key).
/// </summary>
internal sealed class RecordingAckPublisher : IAckPublisher
{
    /// <summary>How long handing an ack over takes (a slow connection); none by default.</summary>
    public TimeSpan HandOver { get; set; }

    private readonly Channel<(string DeviceId, byte[] Ack)> _sent = Channel.CreateUnbounded<(string, byte[])>();

    /// <summary>Acks sent and not yet taken.</summary>
    public int Waiting => _sent.Reader.Count;

    public async Task PublishAckAsync(string deviceId, byte[] ack, CancellationToken cancellationToken)
    {
        if (HandOver > TimeSpan.Zero)
        {
            await Task.Delay(HandOver, cancellationToken);
        }

        _sent.Writer.TryWrite((deviceId, ack));
    }

    /// <summary>The next ack sent (the ingestor sends it before its handler returns).</summary>
    public (string DeviceId, byte[] Ack) Next() =>
        _sent.Reader.TryRead(out var sent) ? sent : throw new InvalidOperationException("No ack was sent.");
}
