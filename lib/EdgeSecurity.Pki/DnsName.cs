namespace EdgeSecurity.Pki;

/// <summary>
/// Host names the broker certificate may carry (RFC 1123 labels): an optional leading "*." wildcard, then
/// dot-separated labels of 1 to 63 ASCII letters, digits and '-', none starting or ending with '-', at most
/// 253 characters in all. Checked by hand in one pass: a regular expression with a match timeout failed
/// valid names on a loaded machine, and one without a timeout is a denial-of-service risk on untrusted input.
/// </summary>
public static class DnsName
{
    public const int MaxLength = 253;

    public const int MaxLabelLength = 63;

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        int start = name.StartsWith("*.", StringComparison.Ordinal) ? 2 : 0;
        int labelStart = start;
        for (int i = start; i <= name.Length; i++)
        {
            if (i == name.Length || name[i] == '.')
            {
                if (!IsLabel(name, labelStart, i - labelStart))
                {
                    return false;
                }

                labelStart = i + 1;
            }
            else if (!AsciiNames.IsLetterOrDigit(name[i]) && name[i] != '-')
            {
                return false;
            }
        }

        return true;
    }

    // Characters were checked by the caller; here only the label's length and its ends.
    private static bool IsLabel(string name, int start, int length) =>
        length is >= 1 and <= MaxLabelLength && name[start] != '-' && name[start + length - 1] != '-';
}
