using System.Globalization;

namespace EdgeSecurity.Host.Metrics;

/// <summary>
/// Orders the version strings devices report and advisories name: 1 to 4 dot-separated numbers
/// (major.minor.patch.build, as the manifest orders them), missing parts 0, so "1.2.1" equals "1.2.1.0".
/// </summary>
public static class FirmwareVersionOrder
{
    public const string Description = "1 to 4 dot-separated numbers, e.g. 1.2.1";

    public static bool TryParse(string? text, out long[] parts)
    {
        parts = new long[4];
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var pieces = text.Split('.');
        if (pieces.Length > 4)
        {
            return false;
        }

        for (var i = 0; i < pieces.Length; i++)
        {
            if (pieces[i].Length is 0 or > 10 || !long.TryParse(pieces[i], NumberStyles.None, CultureInfo.InvariantCulture, out parts[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Negative, zero or positive as <paramref name="a"/> is lower, equal or higher; null when either does not parse.</summary>
    public static int? Compare(string? a, string? b)
    {
        if (!TryParse(a, out var x) || !TryParse(b, out var y))
        {
            return null;
        }

        for (var i = 0; i < 4; i++)
        {
            if (x[i] != y[i])
            {
                return x[i] < y[i] ? -1 : 1;
            }
        }

        return 0;
    }
}
