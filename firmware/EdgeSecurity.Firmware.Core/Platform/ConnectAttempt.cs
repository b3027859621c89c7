namespace EdgeSecurity.Firmware.Core.Platform
{
    /// <summary>The outcome of one attempt to connect to the broker, in the terms the agent records a failure.</summary>
    public sealed class ConnectAttempt
    {
        private ConnectAttempt(bool succeeded, int resultCode, string reason, bool authentication)
        {
            Succeeded = succeeded;
            ResultCode = resultCode;
            Reason = reason;
            Authentication = authentication;
        }

        public bool Succeeded { get; private set; }

        /// <summary>The broker's CONNACK code when it refused, else a platform error code.</summary>
        public int ResultCode { get; private set; }

        /// <summary>A short reason, never secrets or a whole exception text.</summary>
        public string Reason { get; private set; }

        /// <summary>The broker was reached but refused the device's credentials or certificate.</summary>
        public bool Authentication { get; private set; }

        public static ConnectAttempt Success()
        {
            return new ConnectAttempt(true, 0, string.Empty, false);
        }

        public static ConnectAttempt Failure(int resultCode, string reason, bool authentication)
        {
            return new ConnectAttempt(false, resultCode, reason, authentication);
        }
    }
}
