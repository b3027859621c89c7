using System.Globalization;

namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>
/// Parses --expires: a UTC date (2027-06-30, meaning 00:00:00 UTC that day), a UTC timestamp
/// (2027-06-30T12:00:00Z), or a number of days from now (+365).
/// </summary>
internal static class ExpiryParser
{
    public static DateTime Parse(string text, DateTime utcNow)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith('+'))
        {
            if (int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is > 0 and <= 36500)
            {
                return utcNow.AddDays(days);
            }
        }
        else if (DateTime.TryParseExact(text, ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ"], CultureInfo.InvariantCulture,
                     DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
        {
            if (date <= utcNow)
            {
                throw CliException.Usage($"--expires {text} is in the past; give a future date.");
            }

            return date;
        }

        throw CliException.Usage($"--expires '{text}' is not a date: give YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ (UTC), or +DAYS (1..36500).");
    }

    public static long ToUnixSeconds(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();

    public static string Format(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
