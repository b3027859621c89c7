namespace EdgeSecurity.Host.Hosting;

/// <summary>The connection that brings device events to this host instance, whichever broker engine carries them (health reports it).</summary>
public interface IIngestConnection
{
    bool IsConnected { get; }
}
