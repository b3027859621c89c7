using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Provisioning;

namespace EdgeSecurity.Pki.Tests;

/// <summary>A fresh PKI directory under the temp folder, deleted at the end of the test.</summary>
internal sealed class TempPki : IDisposable
{
    public TempPki(bool initialize = true)
    {
        Root = Path.Combine(Path.GetTempPath(), "edgesec-pki-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Dir = Path.Combine(Root, "pki");
        TrustRoot = Path.Combine(Root, "trustroot.bin");
        File.WriteAllBytes(TrustRoot, System.Security.Cryptography.RandomNumberGenerator.GetBytes(200));
        if (initialize)
        {
            FleetPki.Initialize(new PkiInitOptions { Directory = Dir });
        }
    }

    public string Root { get; }

    public string Dir { get; }

    public string TrustRoot { get; }

    public PkiLayout Layout => new(Dir);

    public IReadOnlyList<EnrolledDevice> Enroll(IReadOnlyList<string> ids, bool force = false, string? output = null) =>
        DeviceEnrollment.Enroll(new EnrollmentOptions
        {
            PkiDirectory = Dir,
            DeviceIds = ids,
            BrokerHost = "broker.example.com",
            BrokerPort = 8883,
            TrustRootPath = TrustRoot,
            HardwareClass = "esp32-wroom",
            OutputDirectory = output,
            Force = force,
        });

    public EnrolledDevice Enroll(string id, bool force = false) => Enroll([id], force)[0];

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
