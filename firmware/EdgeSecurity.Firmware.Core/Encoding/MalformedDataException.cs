using System;

namespace EdgeSecurity.Firmware.Core.Serialization
{
    /// <summary>
    /// The only exception the format parsers throw for bad bytes. It names the offending field and carries a
    /// reason code; a parser that throws it has built nothing.
    /// </summary>
    public class MalformedDataException : Exception
    {
        public MalformedDataException(MalformedReason reason, string field, string detail)
            : base("Malformed " + field + ": " + detail)
        {
            Reason = reason;
            Field = field;
        }

        public MalformedReason Reason { get; }

        /// <summary>Dotted path of the field, e.g. "manifest.components[2].name".</summary>
        public string Field { get; }
    }
}
