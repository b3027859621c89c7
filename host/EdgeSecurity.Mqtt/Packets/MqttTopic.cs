namespace EdgeSecurity.Mqtt.Packets;

/// <summary>Rules for topic names (PUBLISH) and topic filters (SUBSCRIBE), MQTT 3.1.1 section 4.7.</summary>
public static class MqttTopic
{
    /// <summary>Returns null when <paramref name="topic"/> is a valid topic name, otherwise why not.</summary>
    public static string? CheckName(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.Length == 0)
        {
            return "a topic name must not be empty";
        }

        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            return "a topic name must not contain the wildcards '+' or '#'";
        }

        return CheckCharacters(topic);
    }

    /// <summary>Returns null when <paramref name="filter"/> is a valid topic filter, otherwise why not.</summary>
    public static string? CheckFilter(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Length == 0)
        {
            return "a topic filter must not be empty";
        }

        var levelStart = 0;
        for (var i = 0; i <= filter.Length; i++)
        {
            if (i < filter.Length && filter[i] != '/')
            {
                continue;
            }

            var level = filter.AsSpan(levelStart, i - levelStart);
            if (level.IndexOfAny('+', '#') >= 0 && level.Length != 1)
            {
                return "a wildcard must occupy a whole topic level";
            }

            if (level.Length == 1 && level[0] == '#' && i != filter.Length)
            {
                return "'#' must be the last level of a topic filter";
            }

            levelStart = i + 1;
        }

        return CheckCharacters(filter);
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="topic"/> is a valid topic name.</summary>
    public static void ValidateName(string topic, string parameterName)
    {
        var problem = CheckName(topic);
        if (problem is not null)
        {
            throw new ArgumentException($"Invalid MQTT topic name: {problem}.", parameterName);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="filter"/> is a valid topic filter.</summary>
    public static void ValidateFilter(string filter, string parameterName)
    {
        var problem = CheckFilter(filter);
        if (problem is not null)
        {
            throw new ArgumentException($"Invalid MQTT topic filter: {problem}.", parameterName);
        }
    }

    private static string? CheckCharacters(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            return "U+0000 is not allowed";
        }

        if (!System.Text.Unicode.Utf8.IsValid(System.Text.Encoding.UTF8.GetBytes(value)) || HasLoneSurrogate(value))
        {
            return "it is not well-formed UTF-16/UTF-8 text";
        }

        return System.Text.Encoding.UTF8.GetByteCount(value) > ushort.MaxValue ? "it is longer than 65535 UTF-8 bytes" : null;
    }

    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }
}
