namespace EdgeSecurity.Pki.Certificates;

/// <summary>What a service certificate renewal wrote: the new certificate, and the one it replaced (which stays valid until it expires).</summary>
public sealed record ServiceRenewalResult(
    string Role,
    string Subject,
    IReadOnlyList<string> SubjectAlternativeNames,
    string SerialNumber,
    DateTimeOffset NotAfter,
    string PreviousSerialNumber,
    DateTimeOffset PreviousNotAfter,
    string CertificatePath,
    string KeyPath);
