namespace EdgeSecurity.Pki;

/// <summary>
/// Device identifiers. A device id becomes the certificate CN, the MQTT user name (and so part of every
/// ACL pattern and topic) and a directory name, so it is restricted to characters that can never be an
/// MQTT wildcard, a topic level separator or a path separator.
/// </summary>
public static class DeviceId
{
    public const int MaxLength = 63;

    public const string PatternDescription = "1 to 63 characters: lowercase letters a-z, digits 0-9 and '-', starting with a letter or digit (not 'host')";

    /// <summary>Reserved: the host service's own security events and alerts appear under this source id, so no device may have it.</summary>
    public const string HostSource = "host";

    // Checked by hand, not with a regular expression: one with a match timeout failed valid input under load.
    public static bool IsValid(string? id) => id != HostSource && AsciiNames.IsLowerToken(id, MaxLength, "-");

    /// <summary>Throws a <see cref="PkiException"/> naming the problem when <paramref name="id"/> is not a valid device id.</summary>
    public static void Validate(string? id)
    {
        if (!IsValid(id))
        {
            throw new PkiException($"Invalid device id '{Printable(id)}': use {PatternDescription}.");
        }
    }

    /// <summary>Ids of a batch: the prefix followed by a zero-padded number (at least 4 digits).</summary>
    public static IReadOnlyList<string> Batch(string prefix, int count, int start = 1)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (count < 1)
        {
            throw new PkiException($"Batch count must be at least 1 (got {count}).");
        }

        if (start < 0)
        {
            throw new PkiException($"Batch start number must not be negative (got {start}).");
        }

        int last = checked(start + count - 1);
        int width = Math.Max(4, last.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        var ids = new List<string>(count);
        for (int n = start; n <= last; n++)
        {
            string id = prefix + n.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width, '0');
            Validate(id);
            ids.Add(id);
        }

        return ids;
    }

    // Echoing untrusted input into an error must not smuggle control characters into a terminal or log.
    private static string Printable(string? id)
    {
        if (id is null)
        {
            return "";
        }

        var chars = id.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray();
        return new string(chars) + (id.Length > 80 ? "…" : "");
    }
}
