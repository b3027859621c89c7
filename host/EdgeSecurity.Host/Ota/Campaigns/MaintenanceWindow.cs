using System.Globalization;

namespace EdgeSecurity.Host.Ota.Campaigns;

/// <summary>
/// A daily UTC time window in which a campaign may offer ("02:00-05:00"; "22:00-04:00" wraps midnight).
/// Outside it nothing new is offered; devices already working keep going.
/// </summary>
public sealed record MaintenanceWindow(int StartMinute, int EndMinute)
{
    private const int MinutesPerDay = 24 * 60;

    public bool Contains(long unixMs)
    {
        var minute = (int)(((unixMs / 60_000) % MinutesPerDay + MinutesPerDay) % MinutesPerDay);
        return StartMinute <= EndMinute
            ? minute >= StartMinute && minute < EndMinute
            : minute >= StartMinute || minute < EndMinute;
    }

    /// <summary>Parses "HH:MM-HH:MM" (UTC); throws <see cref="ArgumentException"/> naming the problem.</summary>
    public static MaintenanceWindow Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('-');
        if (parts.Length != 2 || ParseMinute(parts[0]) is not { } start || ParseMinute(parts[1]) is not { } end)
        {
            throw new ArgumentException($"Invalid window '{text}': use HH:MM-HH:MM in UTC, for example 02:00-05:00.");
        }

        return start == end
            ? throw new ArgumentException($"Invalid window '{text}': start and end are equal; leave the window out to offer at any time.")
            : new MaintenanceWindow(start, end);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{StartMinute / 60:00}:{StartMinute % 60:00}-{EndMinute / 60:00}:{EndMinute % 60:00}");

    private static int? ParseMinute(string text) =>
        TimeOnly.TryParseExact(text.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? (time.Hour * 60) + time.Minute
            : null;
}
