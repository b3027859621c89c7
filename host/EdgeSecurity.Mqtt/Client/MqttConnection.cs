using System.Buffers;
using System.Threading.Channels;
using EdgeSecurity.Mqtt.Packets;
using EdgeSecurity.Mqtt.Transport;

namespace EdgeSecurity.Mqtt.Client;

/// <summary>
/// One network connection to the broker: CONNECT/CONNACK, a read loop, a batching write loop and keepalive.
/// It closes exactly once, with a reason, on the first failure; <see cref="Completion"/> then yields that reason.
/// Session state (in-flight publishes, subscriptions) lives in <see cref="MqttClient"/> and outlives it.
/// </summary>
internal sealed class MqttConnection : IAsyncDisposable
{
    private const int WriteBatchSize = 64 * 1024;
    private const int WriteQueueCapacity = 1024;

    private readonly Stream _stream;
    private readonly PacketReader _reader;
    private readonly MqttClientOptions _options;
    private readonly Func<MqttPacket, MqttConnection, CancellationToken, ValueTask> _onPacket;
    private readonly Channel<OutgoingFrame> _writes = Channel.CreateBounded<OutgoingFrame>(
        new BoundedChannelOptions(WriteQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<Exception> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;
    private Task _keepAliveLoop = Task.CompletedTask;
    private long _lastReceived = Environment.TickCount64;
    private long _lastSent = Environment.TickCount64;
    private int _closed;

    private MqttConnection(Stream stream, MqttClientOptions options, Func<MqttPacket, MqttConnection, CancellationToken, ValueTask> onPacket)
    {
        _stream = stream;
        _options = options;
        _onPacket = onPacket;
        _reader = new PacketReader(stream, new MqttPacketDecoder(options.MaxIncomingPacketSize));
    }

    /// <summary>Completes with the reason once the connection is closed (never faults).</summary>
    public Task<Exception> Completion => _completion.Task;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Connects, sends CONNECT and waits for an accepting CONNACK, all within the connect timeout.</summary>
    public static async Task<(MqttConnection Connection, bool SessionPresent)> OpenAsync(
        MqttClientOptions options,
        Func<MqttPacket, MqttConnection, CancellationToken, ValueTask> onPacket,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        Stream? stream = null;
        try
        {
            stream = await MqttTransport.ConnectAsync(options, timeout.Token).ConfigureAwait(false);
            var connection = new MqttConnection(stream, options, onPacket);
            var connect = new ConnectPacket(
                options.ClientId, options.CleanSession, (ushort)options.KeepAlive.TotalSeconds, options.Username, options.Password, options.Will);
            await stream.WriteAsync(MqttPacketEncoder.Encode(connect), timeout.Token).ConfigureAwait(false);
            var first = await connection._reader.ReadAsync(timeout.Token).ConfigureAwait(false);
            if (first is not ConnAckPacket connAck)
            {
                throw new MqttProtocolException(MqttProtocolError.UnexpectedPacket, $"the broker sent {first.Type} before CONNACK");
            }

            if (connAck.ReturnCode != MqttConnectReturnCode.Accepted)
            {
                throw new MqttConnectionRefusedException(connAck.ReturnCode);
            }

            connection.Start();
            return (connection, connAck.SessionPresent);
        }
        catch (Exception ex) when (ex is not MqttException)
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            if (ex is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new MqttTimeoutException($"No accepted connection to {options.Host}:{options.Port} within {options.ConnectTimeout.TotalSeconds:0.###} s (TCP, TLS and CONNACK).");
            }

            throw ex is IOException ? new MqttTransportException($"Connecting to {options.Host}:{options.Port} failed: {ex.Message}", ex) : ex;
        }
        catch (MqttException)
        {
            // Cleanup only; the typed error goes on to the caller.
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Queues a packet for the write loop; waits while the write queue is full.</summary>
    public ValueTask SendAsync(MqttPacket packet, CancellationToken cancellationToken) =>
        SendAsync(OutgoingFrame.Rent(packet), cancellationToken);

    /// <summary>
    /// Queues a frame if the write queue has room; false when it is full or the connection closed (the frame then
    /// stays the caller's). Never waits, so the client can call it under its lock and keep publishes in order.
    /// </summary>
    public bool TryQueue(OutgoingFrame frame) => _writes.Writer.TryWrite(frame);

    /// <summary>Completes with true once the write queue has room, with false once the connection closed.</summary>
    public ValueTask<bool> WaitToQueueAsync() => _writes.Writer.WaitToWriteAsync();

    /// <summary>Closes with <paramref name="reason"/> unless already closed. Safe from any thread, never throws.</summary>
    public void Abort(Exception reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _writes.Writer.TryComplete();
        _stopping.Cancel();
        _stream.Dispose();
        _completion.TrySetResult(reason);
    }

    /// <summary>Sends DISCONNECT, waits (bounded) until it is written, then closes.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        if (IsClosed)
        {
            return;
        }

        // Queuing DISCONNECT waits while the write queue is full; a peer that stopped reading (and no keep-alive
        // to notice) would otherwise hold the caller forever, so the queuing shares the flush's time limit.
        using var queueDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        queueDeadline.CancelAfter(_options.RequestTimeout);
        try
        {
            await SendAsync(EmptyPacket.Disconnect, queueDeadline.Token).ConfigureAwait(false);
            _writes.Writer.TryComplete();
            await _writeLoop.WaitAsync(_options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or MqttConnectionLostException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // DISCONNECT could not be queued or flushed in time, or the link was already gone: closing is all that is left.
            Abort(new MqttNotConnectedException($"The client disconnected without a clean DISCONNECT: {ex.Message}"));
        }
        finally
        {
            Abort(new MqttNotConnectedException("The client disconnected."));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Abort(new MqttNotConnectedException("The connection was disposed."));
        await Task.WhenAll(_readLoop, _writeLoop, _keepAliveLoop).ConfigureAwait(false);
        while (_writes.Reader.TryRead(out var frame))
        {
            frame.Release();
        }

        _stopping.Dispose();
    }

    private async ValueTask SendAsync(OutgoingFrame frame, CancellationToken cancellationToken)
    {
        if (_writes.Writer.TryWrite(frame))
        {
            return;
        }

        try
        {
            await _writes.Writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            frame.Release();
            throw new MqttConnectionLostException("The connection closed before the packet could be sent.", Completion.IsCompleted ? Completion.Result : ex);
        }
        catch (OperationCanceledException)
        {
            frame.Release();
            throw;
        }
    }

    private void Start()
    {
        _lastReceived = _lastSent = Environment.TickCount64;
        _readLoop = Task.Run(ReadLoopAsync);
        _writeLoop = Task.Run(WriteLoopAsync);
        if (_options.KeepAlive > TimeSpan.Zero)
        {
            _keepAliveLoop = Task.Run(KeepAliveLoopAsync);
        }
    }

    private async Task ReadLoopAsync()
    {
        var token = _stopping.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var packet = await _reader.ReadAsync(token).ConfigureAwait(false);
                Volatile.Write(ref _lastReceived, Environment.TickCount64);
                await _onPacket(packet, this, token).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            Abort(Classify(ex, "reading"));
        }
    }

    private async Task WriteLoopAsync()
    {
        var token = _stopping.Token;
        try
        {
            while (await _writes.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                // Rented per burst, not per connection: thousands of idle simulated devices hold no batch buffer.
                var batch = ArrayPool<byte>.Shared.Rent(WriteBatchSize);
                try
                {
                    await WriteAvailableAsync(batch, token).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(batch);
                }

                await _stream.FlushAsync(token).ConfigureAwait(false);
                Volatile.Write(ref _lastSent, Environment.TickCount64);
            }
        }
        catch (Exception ex)
        {
            Abort(Classify(ex, "writing"));
        }
    }

    /// <summary>Copies every queued frame into <paramref name="batch"/>, writing whenever it is full.</summary>
    private async Task WriteAvailableAsync(byte[] batch, CancellationToken token)
    {
        var used = 0;
        while (_writes.Reader.TryRead(out var frame))
        {
            if (frame.Length > batch.Length - used && used > 0)
            {
                await _stream.WriteAsync(batch.AsMemory(0, used), token).ConfigureAwait(false);
                used = 0;
            }

            if (frame.Length > batch.Length)
            {
                await _stream.WriteAsync(frame.Buffer.AsMemory(0, frame.Length), token).ConfigureAwait(false);
            }
            else
            {
                frame.Buffer.AsSpan(0, frame.Length).CopyTo(batch.AsSpan(used));
                used += frame.Length;
            }

            frame.Release();
        }

        if (used > 0)
        {
            await _stream.WriteAsync(batch.AsMemory(0, used), token).ConfigureAwait(false);
        }
    }

    private async Task KeepAliveLoopAsync()
    {
        var keepAlive = (long)_options.KeepAlive.TotalMilliseconds;
        var deadAfter = (long)_options.EffectiveDeadConnectionTimeout.TotalMilliseconds;
        var tick = TimeSpan.FromMilliseconds(Math.Clamp(keepAlive / 4, 50, 1000));
        var token = _stopping.Token;
        long pingSentAt = 0;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await Task.Delay(tick, token).ConfigureAwait(false);
                var now = Environment.TickCount64;
                var received = Volatile.Read(ref _lastReceived);
                if (now - received >= deadAfter)
                {
                    Abort(new MqttTimeoutException($"No complete packet from the broker for {(now - received) / 1000.0:0.#} s; the connection is considered dead."));
                    return;
                }

                // Ping when we have been silent for a keepalive period (the broker's rule), and also when the
                // broker has been silent for half of one, so that a one-way stream of QoS 0 publishes still
                // proves the broker is alive.
                var pingOutstanding = pingSentAt > received;
                if (!pingOutstanding && (now - Volatile.Read(ref _lastSent) >= keepAlive || now - received >= keepAlive / 2))
                {
                    pingSentAt = now;
                    await SendAsync(EmptyPacket.PingReq, token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex)
        {
            Abort(Classify(ex, "sending keepalive"));
        }
    }

    private Exception Classify(Exception ex, string activity) => ex switch
    {
        MqttException => ex,
        OperationCanceledException or ObjectDisposedException when IsClosed => Completion.IsCompleted ? Completion.Result : ex,
        _ => new MqttTransportException($"The connection failed while {activity}: {ex.Message}", ex),
    };
}
