namespace EdgeSecurity.Pki.Registry;

public enum DeviceStatus
{
    Active,
    Revoked,
}
