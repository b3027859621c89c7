namespace EdgeSecurity.Pki.Registry;

/// <summary>
/// The fleet registry (devices.json in the PKI directory): every enrolled device, its current
/// certificate and status, and every certificate that must stay on the CRL. The host service reads it
/// to know which devices exist and which are revoked.
/// </summary>
public sealed class FleetRegistry
{
    public const int CurrentVersion = 1;

    public int Version { get; set; } = CurrentVersion;

    /// <summary>Number of the last CRL issued (RFC 5280 cRLNumber, grows by one per CRL).</summary>
    public long CrlNumber { get; set; }

    /// <summary>MQTT identity (certificate CN) of the host service; device ids may not take it.</summary>
    public string ServiceIdentity { get; set; } = "";

    public List<DeviceRecord> Devices { get; init; } = [];

    public List<RevokedCertificate> RevokedCertificates { get; init; } = [];

    public DeviceRecord? Find(string deviceId) => Devices.Find(d => d.Id == deviceId);

    public bool IsActive(string deviceId) => Find(deviceId)?.Status == DeviceStatus.Active;
}
