namespace EdgeSecurity.Pki;

/// <summary>
/// Character checks for the PKI's names (device ids, hardware classes, host names), ASCII only: char.IsLetterOrDigit
/// would admit other scripts' letters and digits, which must never reach a certificate, a topic or a file name.
/// </summary>
internal static class AsciiNames
{
    public static bool IsLowerOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');

    public static bool IsLetterOrDigit(char c) => IsLowerOrDigit(c) || c is >= 'A' and <= 'Z';

    /// <summary>
    /// True when <paramref name="value"/> has 1 to <paramref name="maxLength"/> characters, starts with a
    /// lowercase letter or digit, and continues with those or characters of <paramref name="alsoAllowed"/>.
    /// </summary>
    public static bool IsLowerToken(string? value, int maxLength, string alsoAllowed)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength || !IsLowerOrDigit(value[0]))
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!IsLowerOrDigit(c) && !alsoAllowed.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
