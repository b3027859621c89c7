namespace EdgeSecurity.Host.Ota;

/// <summary>
/// An OTA request the host refuses, with the HTTP status, a title and a detail naming the problem; nothing was
/// changed. <see cref="Failure"/> is the machine-readable reason (a core failure name such as
/// <c>ThresholdNotMet</c>), when there is one.
/// </summary>
public sealed class OtaRequestException : Exception
{
    public OtaRequestException(int status, string title, string detail, string? failure = null)
        : base(detail)
    {
        Status = status;
        Title = title;
        Failure = failure;
    }

    public OtaRequestException()
    {
        Title = string.Empty;
    }

    public OtaRequestException(string message)
        : base(message)
    {
        Title = string.Empty;
    }

    public OtaRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Title = string.Empty;
    }

    public int Status { get; }

    public string Title { get; }

    public string? Failure { get; }

    public static OtaRequestException BadRequest(string detail, string? failure = null) => new(StatusCodes.Status400BadRequest, "Invalid request", detail, failure);

    public static OtaRequestException NotFound(string title, string detail) => new(StatusCodes.Status404NotFound, title, detail);

    public static OtaRequestException Conflict(string title, string detail) => new(StatusCodes.Status409Conflict, title, detail);
}
