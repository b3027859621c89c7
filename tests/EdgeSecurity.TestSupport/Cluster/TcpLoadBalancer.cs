using System.Net;
using System.Net.Sockets;

namespace EdgeSecurity.TestSupport.Cluster;

/// <summary>
/// A layer-4 round-robin forwarder, standing in for the load balancer (or DNS name with every node) devices
/// use in front of a cluster: each accepted connection goes to the next backend that accepts a TCP
/// connection, bytes are copied unchanged (TLS stays end to end between device and node). When a node
/// dies its connections break and the devices' reconnects land on the survivors.
/// </summary>
public sealed class TcpLoadBalancer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IReadOnlyList<int> _backends;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _next;

    public TcpLoadBalancer(IReadOnlyList<int> backendPorts)
    {
        _backends = backendPorts;
        _listener.Start(1024);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException && _stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => ForwardAsync(client));
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        using (client)
        {
            for (int attempt = 0; attempt < _backends.Count; attempt++)
            {
                int port = _backends[(int)((uint)Interlocked.Increment(ref _next) % (uint)_backends.Count)];
                using var backend = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await backend.ConnectAsync(IPAddress.Loopback, port, _stop.Token).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    continue; // that node is down: try the next
                }

                using var fromClient = new NetworkStream(client, ownsSocket: false);
                using var fromBackend = new NetworkStream(backend, ownsSocket: false);
                var up = CopyAsync(fromClient, fromBackend);
                var down = CopyAsync(fromBackend, fromClient);
                await Task.WhenAny(up, down).ConfigureAwait(false);
                // One side ended: end both, as a load balancer does.
                client.Close();
                backend.Close();
                await Task.WhenAll(up, down).ConfigureAwait(false);
                return;
            }
        }
    }

    private static async Task CopyAsync(Stream from, Stream to)
    {
        try
        {
            await from.CopyToAsync(to).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // The connection broke (a node was killed, a device went away): the other direction ends too.
        }
    }
}
