namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>Makes any message fit a report's text field: printable ASCII only, at most <see cref="OtaReport.MaxTextLength"/> characters.</summary>
    public static class OtaText
    {
        public static string Fit(string text)
        {
            if (text == null)
            {
                return string.Empty;
            }

            int length = text.Length > OtaReport.MaxTextLength ? OtaReport.MaxTextLength : text.Length;
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                char c = text[i];
                chars[i] = (c >= ' ' && c <= '~') ? c : '?';
            }

            return new string(chars);
        }
    }
}
