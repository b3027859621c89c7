using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Mqtt.Client;

/// <summary>
/// MQTT 3.1.1 client: QoS 0 and 1, bounded in-flight window, keepalive, automatic reconnect with session
/// restore, mutual TLS. Thread-safe: any number of callers may publish at once.
/// </summary>
public sealed class MqttClient : IAsyncDisposable
{
    private readonly MqttClientOptions _options;
    private readonly IncomingDispatcher? _dispatcher;
    private readonly object _gate = new();
    private readonly PacketIdAllocator _packetIds = new();
    private readonly Dictionary<ushort, PendingRequest> _pendingRequests = [];
    private readonly Dictionary<string, MqttTopicFilter> _subscriptions = new(StringComparer.Ordinal);
    private readonly PublishOutbox _outbox;
    private ClientState _state;
    private CancellationTokenSource? _activeSession;
    private MqttConnection? _current;
    private int _generation;
    private MqttConnection? _pumping;
    private Task _supervisor = Task.CompletedTask;
    private TaskCompletionSource _connected = NewSignal();
    private Exception? _lastDisconnectReason;
    private int _reconnectCount;

    /// <param name="options">Connection settings; validated here.</param>
    /// <param name="handler">Receives incoming messages; null to acknowledge and drop them.</param>
    public MqttClient(MqttClientOptions options, MqttMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _outbox = new PublishOutbox(options.MaxInFlight, _packetIds);
        if (handler is not null)
        {
            _dispatcher = new IncomingDispatcher(handler, options.HandlerConcurrency, options.HandlerQueueCapacity);
        }
    }

    private enum ClientState
    {
        Idle,
        Connecting,
        Active,
        Disposed,
    }

    public MqttClientOptions Options => _options;

    /// <summary>True while a connection to the broker is up.</summary>
    public bool IsConnected => Volatile.Read(ref _current) is { IsClosed: false };

    /// <summary>Why the last connection (or reconnect attempt) ended; null if none ended yet.</summary>
    public Exception? LastDisconnectReason
    {
        get
        {
            lock (_gate)
            {
                return _lastDisconnectReason;
            }
        }
    }

    /// <summary>Number of successful automatic reconnects.</summary>
    public int ReconnectCount => Volatile.Read(ref _reconnectCount);

    /// <summary>QoS 1 publishes holding an in-flight slot: sent (or about to be) and not yet acknowledged.</summary>
    public int InFlightCount
    {
        get
        {
            lock (_gate)
            {
                return _outbox.InFlightCount;
            }
        }
    }

    /// <summary>
    /// Connects (TCP, TLS, CONNECT/CONNACK within <see cref="MqttClientOptions.ConnectTimeout"/>). Afterwards the
    /// client keeps itself connected (when reconnect is enabled) until <see cref="DisconnectAsync"/>.
    /// </summary>
    /// <exception cref="MqttConnectionRefusedException">The broker refused (return code in the exception).</exception>
    /// <exception cref="MqttTimeoutException">No accepted connection in time.</exception>
    /// <exception cref="MqttTransportException">Network or TLS failure.</exception>
    /// <exception cref="MqttProtocolException">The broker sent invalid bytes.</exception>
    public async Task<MqttConnectResult> ConnectAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_state == ClientState.Disposed, this);
            if (_state != ClientState.Idle)
            {
                throw new InvalidOperationException("The client is already connected or connecting.");
            }

            _state = ClientState.Connecting;

            // A new start: what to subscribe to is the caller's decision (see SessionPresent), not a leftover.
            _subscriptions.Clear();
        }

        try
        {
            var (connection, sessionPresent) = await MqttConnection.OpenAsync(_options, OnPacketAsync, cancellationToken).ConfigureAwait(false);
            var session = new CancellationTokenSource();
            lock (_gate)
            {
                _activeSession = session;
                _state = ClientState.Active;
            }

            try
            {
                await ActivateAsync(connection, restoring: false, session.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // DisconnectAsync or DisposeAsync ran meanwhile: this connection must not outlive the attempt, and
                // no supervisor will fail what was published in the moment the client was already active.
                connection.Abort(ex);
                await connection.DisposeAsync().ConfigureAwait(false);
                FailPublishes(ex);
                throw;
            }

            var supervising = SuperviseAsync(connection, session.Token);
            lock (_gate)
            {
                _supervisor = supervising;
            }

            return new MqttConnectResult(sessionPresent);
        }
        catch (Exception)
        {
            // Back to Idle so that the caller may retry; the exception goes on.
            lock (_gate)
            {
                if (_state == ClientState.Connecting)
                {
                    _state = ClientState.Idle;
                }
            }

            throw;
        }
    }

    /// <summary>Waits until a connection is up (immediately if it is).</summary>
    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _connected.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Publishes a message. Messages go to the broker in the order of the calls, QoS 0 and 1 alike: a call that
    /// cannot go out yet (in-flight window full, write queue full, reconnecting) holds back every later one.
    /// QoS 0 needs a connection at the call and completes when the packet is queued for the socket. QoS 1 waits
    /// for a free in-flight slot in turn, then completes when the broker's PUBACK arrives; while the client
    /// reconnects it waits and is sent on the next connection, after the resends. Cancelling before the message
    /// was handed to a connection withdraws it; afterwards it stops the wait only (QoS 1 stays in flight).
    /// </summary>
    /// <exception cref="MqttNotConnectedException">QoS 0 without connection, the client is not connected at all, or it disconnected before the message was sent.</exception>
    /// <exception cref="MqttConnectionLostException">QoS 1 was sent and the connection ended with reconnect off, or the client disconnected.</exception>
    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQos qos = MqttQos.AtLeastOnce, bool retain = false, CancellationToken cancellationToken = default)
    {
        MqttTopic.ValidateName(topic, nameof(topic));
        if (qos == MqttQos.ExactlyOnce)
        {
            throw new NotSupportedException("QoS 2 is not supported by this client; use QoS 1 and idempotent processing.");
        }

        cancellationToken.ThrowIfCancellationRequested();

        // Encoded before taking the lock so that an oversized message fails at once; a QoS 1 packet id is
        // patched in when the message gets its in-flight slot.
        var packet = new PublishPacket(topic, payload, qos, retain, Dup: false, PacketId: qos == MqttQos.AtMostOnce ? (ushort)0 : (ushort)1);
        OutgoingPublish publish;
        if (qos == MqttQos.AtMostOnce)
        {
            var frame = OutgoingFrame.Rent(packet);
            lock (_gate)
            {
                var connection = _current;
                if (_state != ClientState.Active || connection is null || connection.IsClosed)
                {
                    frame.Release();
                    throw new MqttNotConnectedException("The client has no connection to the broker at the moment.");
                }

                if (_outbox.TrySendNow(frame, connection))
                {
                    return;
                }

                publish = OutgoingPublish.AtMostOnceOf(frame);
                _outbox.Enqueue(publish);
                DrainLocked();
            }
        }
        else
        {
            publish = OutgoingPublish.AtLeastOnceOf(MqttPacketEncoder.Encode(packet), payload.Length);
            lock (_gate)
            {
                if (_state != ClientState.Active)
                {
                    throw new MqttNotConnectedException("The client is not connected; call ConnectAsync first.");
                }

                _outbox.Enqueue(publish);
                DrainLocked();
            }
        }

        try
        {
            await publish.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            bool withdrawn;
            lock (_gate)
            {
                withdrawn = _outbox.Withdraw(publish);
                if (withdrawn)
                {
                    // It may have held the slot or the head of the queue that the next ones wait for.
                    DrainLocked();
                }
            }

            if (withdrawn || publish.AtLeastOnce)
            {
                throw;
            }

            // A QoS 0 message handed over while the cancellation arrived is published: report that (or its failure).
            await publish.Completion.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Subscribes; the broker's SUBACK codes are returned in filter order. QoS 2 is not supported.</summary>
    /// <exception cref="MqttSubscriptionRejectedException">The broker refused at least one filter (the others are active).</exception>
    public async Task<IReadOnlyList<MqttSubAckCode>> SubscribeAsync(IReadOnlyList<MqttTopicFilter> filters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Count == 0)
        {
            throw new ArgumentException("Subscribe to at least one topic filter.", nameof(filters));
        }

        foreach (var filter in filters)
        {
            MqttTopic.ValidateFilter(filter.Filter, nameof(filters));
            if (filter.MaximumQos > MqttQos.AtLeastOnce)
            {
                throw new NotSupportedException("QoS 2 subscriptions are not supported by this client.");
            }
        }

        var codes = await SubscribeOnAsync(CurrentConnection(), filters, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            for (var i = 0; i < filters.Count; i++)
            {
                if (codes[i] != MqttSubAckCode.Failure)
                {
                    _subscriptions[filters[i].Filter] = filters[i];
                }
            }
        }

        return codes.Contains(MqttSubAckCode.Failure) ? throw new MqttSubscriptionRejectedException(filters, codes) : codes;
    }

    /// <summary>Subscribes to one filter.</summary>
    public Task<IReadOnlyList<MqttSubAckCode>> SubscribeAsync(string filter, MqttQos maximumQos = MqttQos.AtLeastOnce, CancellationToken cancellationToken = default) =>
        SubscribeAsync([new MqttTopicFilter(filter, maximumQos)], cancellationToken);

    /// <summary>Unsubscribes and waits for UNSUBACK.</summary>
    public async Task UnsubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Count == 0)
        {
            throw new ArgumentException("Unsubscribe from at least one topic filter.", nameof(filters));
        }

        foreach (var filter in filters)
        {
            MqttTopic.ValidateFilter(filter, nameof(filters));
        }

        await RequestAsync(CurrentConnection(), id => new UnsubscribePacket(id, filters), MqttPacketType.UnsubAck, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var filter in filters)
            {
                _subscriptions.Remove(filter);
            }
        }
    }

    /// <summary>
    /// Sends DISCONNECT (so the broker drops the will), closes, and stops reconnecting. QoS 1 publishes still
    /// waiting for PUBACK fail with <see cref="MqttConnectionLostException"/>. The client may connect again.
    /// </summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        MqttConnection? connection;
        CancellationTokenSource? session;
        Task running;
        lock (_gate)
        {
            if (_state != ClientState.Active)
            {
                return;
            }

            _state = ClientState.Idle;
            connection = _current;
            session = _activeSession;
            _activeSession = null;
            running = _supervisor;
        }

        if (session is not null)
        {
            await session.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            if (connection is not null)
            {
                await connection.DisconnectAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await running.ConfigureAwait(false);
            session?.Dispose();
        }
    }

    /// <summary>
    /// Drops the connection without DISCONNECT, as a network failure would (the broker then publishes the will).
    /// The client reconnects if reconnect is enabled. For fault injection in simulators and tests.
    /// </summary>
    public void DropConnection()
    {
        Volatile.Read(ref _current)?.Abort(new MqttTransportException("The connection was dropped on purpose (DropConnection)."));
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync(CancellationToken.None).ConfigureAwait(false);
        lock (_gate)
        {
            if (_state == ClientState.Disposed)
            {
                return;
            }

            _state = ClientState.Disposed;
        }

        if (_dispatcher is not null)
        {
            await _dispatcher.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MqttConnection CurrentConnection()
    {
        var connection = Volatile.Read(ref _current);
        return connection is { IsClosed: false }
            ? connection
            : throw new MqttNotConnectedException("The client has no connection to the broker at the moment.");
    }

    private async Task<IReadOnlyList<MqttSubAckCode>> SubscribeOnAsync(MqttConnection connection, IReadOnlyList<MqttTopicFilter> filters, CancellationToken cancellationToken)
    {
        var reply = (SubAckPacket)await RequestAsync(connection, id => new SubscribePacket(id, filters), MqttPacketType.SubAck, cancellationToken).ConfigureAwait(false);
        if (reply.ReturnCodes.Count != filters.Count)
        {
            var error = new MqttProtocolException(MqttProtocolError.InvalidLength, $"SUBACK has {reply.ReturnCodes.Count} return codes for {filters.Count} filters");
            connection.Abort(error);
            throw error;
        }

        return reply.ReturnCodes;
    }

    private async Task<MqttPacket> RequestAsync(MqttConnection connection, Func<ushort, MqttPacket> build, MqttPacketType reply, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        ushort id;
        lock (_gate)
        {
            id = _packetIds.Allocate();
            _pendingRequests.Add(id, new PendingRequest(reply, answer));
        }

        try
        {
            await connection.SendAsync(build(id), cancellationToken).ConfigureAwait(false);
            return await answer.Task.WaitAsync(_options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new MqttTimeoutException($"No {reply} from the broker within {_options.RequestTimeout.TotalSeconds:0.###} s.");
        }
        finally
        {
            lock (_gate)
            {
                if (_pendingRequests.Remove(id))
                {
                    _packetIds.Release(id);
                }
            }
        }
    }

    private ValueTask OnPacketAsync(MqttPacket packet, MqttConnection source, CancellationToken cancellationToken)
    {
        switch (packet)
        {
            case PublishPacket { Qos: MqttQos.ExactlyOnce }:
                throw new MqttProtocolException(MqttProtocolError.UnsupportedQos, "the broker sent a QoS 2 message although no subscription asked for QoS 2");
            case PublishPacket publish when _dispatcher is not null:
                return _dispatcher.EnqueueAsync(publish, source, cancellationToken);
            case PublishPacket { Qos: MqttQos.AtLeastOnce } publish:
                return source.SendAsync(new PacketIdPacket(MqttPacketType.PubAck, publish.PacketId), cancellationToken);
            case PublishPacket:
                return ValueTask.CompletedTask;
            case PacketIdPacket { Kind: MqttPacketType.PubAck } ack:
                CompletePublish(ack.PacketId);
                return ValueTask.CompletedTask;
            case SubAckPacket subAck:
                CompleteRequest(subAck.PacketId, packet);
                return ValueTask.CompletedTask;
            case PacketIdPacket { Kind: MqttPacketType.UnsubAck } unsubAck:
                CompleteRequest(unsubAck.PacketId, packet);
                return ValueTask.CompletedTask;
            case EmptyPacket { Kind: MqttPacketType.PingResp }:
                return ValueTask.CompletedTask;
            default:
                throw new MqttProtocolException(MqttProtocolError.UnexpectedPacket, $"a client does not accept {packet.Type} from the broker");
        }
    }

    private void CompletePublish(ushort packetId)
    {
        OutgoingPublish? acknowledged;
        lock (_gate)
        {
            // Null for a late or repeated PUBACK (e.g. for a message acknowledged before a reconnect): nothing waits for it.
            acknowledged = _outbox.Acknowledge(packetId);
            if (acknowledged is null)
            {
                return;
            }

            DrainLocked();
        }

        acknowledged.Completion.TrySetResult();
    }

    private void CompleteRequest(ushort packetId, MqttPacket reply)
    {
        PendingRequest? waiting;
        lock (_gate)
        {
            _pendingRequests.TryGetValue(packetId, out waiting);
        }

        if (waiting is null)
        {
            // A reply after its request timed out or was cancelled: nothing waits for it any more.
            return;
        }

        if (waiting.ExpectedReply != reply.Type)
        {
            throw new MqttProtocolException(MqttProtocolError.UnexpectedPacket, $"{reply.Type} answers a request that expects {waiting.ExpectedReply}");
        }

        waiting.Answer.TrySetResult(reply);
    }

    /// <summary>
    /// Hands the outbox's waiting publishes to the current connection in order. Caller holds <see cref="gate"/>.
    /// When the connection's write queue is full, one pump task per connection waits for room and goes on; nothing
    /// waits under the lock.
    /// </summary>
    private void DrainLocked()
    {
        var connection = _current;
        if (_state != ClientState.Active || connection is null || connection.IsClosed || _pumping == connection)
        {
            return;
        }

        if (!_outbox.Drain(connection, _generation))
        {
            _pumping = connection;
            _ = Task.Run(() => PumpAsync(connection));
        }
    }

    private async Task PumpAsync(MqttConnection connection)
    {
        while (true)
        {
            // False once the connection closed: the next connection's activation drains instead. The channel is
            // completed without an error, so this does not throw.
            var open = await connection.WaitToQueueAsync().ConfigureAwait(false);
            lock (_gate)
            {
                // Stop in the same lock region that decides it, so that no drain is skipped in between.
                if (!open || _current != connection || _state != ClientState.Active || _outbox.Drain(connection, _generation))
                {
                    if (_pumping == connection)
                    {
                        _pumping = null;
                    }

                    return;
                }
            }
        }
    }

    private async Task ActivateAsync(MqttConnection connection, bool restoring, CancellationToken cancellationToken)
    {
        // After a reconnect the recorded filters are subscribed again even when the broker says it kept the
        // session: mosquitto 2.0 can restore a session from its persistence file without its shared
        // subscriptions, and a duplicate SUBSCRIBE of the same filter is harmless.
        if (restoring)
        {
            List<MqttTopicFilter> filters;
            lock (_gate)
            {
                filters = [.. _subscriptions.Values];
            }

            if (filters.Count > 0)
            {
                // A filter the broker now rejects stays recorded and is tried again on the next reconnect.
                await SubscribeOnAsync(connection, filters, cancellationToken).ConfigureAwait(false);
            }
        }

        lock (_gate)
        {
            // DisconnectAsync flips the state under this lock before it looks at the current connection, so
            // a connection is either seen (and closed) by it, or refused here.
            if (_state != ClientState.Active || cancellationToken.IsCancellationRequested)
            {
                throw new MqttNotConnectedException("The client was disconnected while a connection was being established.");
            }

            ++_generation;
            _current = connection;

            // Under the same lock as the switch to the new connection, so no new publish can slip in before the
            // resends: they go first (DUP, original order), then whatever waited, in call order.
            _outbox.Restart();
            DrainLocked();
            _connected.TrySetResult();
        }
    }

    private async Task SuperviseAsync(MqttConnection connection, CancellationToken sessionToken)
    {
        while (true)
        {
            var reason = await connection.Completion.ConfigureAwait(false);
            bool reconnect;
            lock (_gate)
            {
                if (_current == connection)
                {
                    _current = null;
                }

                if (_connected.Task.IsCompleted)
                {
                    _connected = NewSignal();
                }

                _lastDisconnectReason = reason;
                reconnect = _options.Reconnect.Enabled && _state == ClientState.Active && !sessionToken.IsCancellationRequested;
                if (!reconnect && _state == ClientState.Active)
                {
                    _state = ClientState.Idle;
                }
            }

            FailRequests(reason);
            await connection.DisposeAsync().ConfigureAwait(false);
            var next = reconnect ? await ReconnectAsync(sessionToken).ConfigureAwait(false) : null;
            if (next is null)
            {
                FailPublishes(reason);
                return;
            }

            connection = next;
        }
    }

    private async Task<MqttConnection?> ReconnectAsync(CancellationToken sessionToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            MqttConnection? connection = null;
            try
            {
                await Task.Delay(ReconnectBackoff.Delay(_options.Reconnect, attempt), sessionToken).ConfigureAwait(false);
                (connection, _) = await MqttConnection.OpenAsync(_options, OnPacketAsync, sessionToken).ConfigureAwait(false);
                await ActivateAsync(connection, restoring: true, sessionToken).ConfigureAwait(false);
                Interlocked.Increment(ref _reconnectCount);
                return connection;
            }
            catch (Exception ex)
            {
                // Any failure of one attempt (network, TLS, refusal, timeout) is recorded and retried after backoff.
                if (connection is not null)
                {
                    connection.Abort(ex);
                    await connection.DisposeAsync().ConfigureAwait(false);
                }

                if (sessionToken.IsCancellationRequested)
                {
                    return null;
                }

                lock (_gate)
                {
                    _lastDisconnectReason = ex;
                }

                _options.Reconnect.AttemptFailed?.Invoke(ex);
            }
        }
    }

    private void FailRequests(Exception reason)
    {
        List<PendingRequest> failed;
        lock (_gate)
        {
            failed = [.. _pendingRequests.Values];
            foreach (var id in _pendingRequests.Keys)
            {
                _packetIds.Release(id);
            }

            _pendingRequests.Clear();
        }

        foreach (var request in failed)
        {
            request.Answer.TrySetException(new MqttConnectionLostException("The connection closed before the broker answered.", reason));
        }
    }

    /// <summary>No connection will come: sent messages fail as lost, never sent ones as not connected.</summary>
    private void FailPublishes(Exception reason)
    {
        List<OutgoingPublish> failed;
        lock (_gate)
        {
            failed = _outbox.TakeAll();
        }

        foreach (var publish in failed)
        {
            publish.Completion.TrySetException(publish.SentOnGeneration != 0
                ? new MqttConnectionLostException("The connection ended before the broker acknowledged the message.", reason)
                : new MqttNotConnectedException("The client disconnected (or lost its connection with reconnect off) before the message could be sent."));
        }
    }

    private sealed record PendingRequest(MqttPacketType ExpectedReply, TaskCompletionSource<MqttPacket> Answer);
}
