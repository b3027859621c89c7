using EdgeSecurity.Pki.Provisioning;

namespace EdgeSecurity.TestSupport.Mqtt;

/// <summary>A certificate and key a test MQTT client presents.</summary>
public sealed record MqttIdentity(string Name, string CertificatePath, string KeyPath)
{
    /// <summary>The device certificate and key of a provisioning package folder, presented as <paramref name="name"/>.</summary>
    public static MqttIdentity FromPackage(string name, string packageDirectory) => new(
        name,
        Path.Combine(packageDirectory, ProvisioningPackage.DeviceCertificateFile),
        Path.Combine(packageDirectory, ProvisioningPackage.DeviceKeyFile));
}
