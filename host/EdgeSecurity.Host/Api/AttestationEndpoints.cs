using EdgeSecurity.Host.Attestation;
using EdgeSecurity.Host.Storage;

namespace EdgeSecurity.Host.Api;

/// <summary>On-demand posture attestation (docs/api.md, "Posture attestation"): an operator challenges one device now.</summary>
public static class AttestationEndpoints
{
    public static void MapAttestationApi(this IEndpointRouteBuilder app)
    {
        var @operator = app.MapGroup("/api/v1").RequireApiRole(ApiRole.Operator);
        @operator.MapPost("/devices/{id}/attestation", ChallengeAsync);
    }

    // 202: the challenge is sent; the outcome appears in the device's posture (attestation.state) once the device
    // answered, or as the late alert after the deadline.
    private static async Task<IResult> ChallengeAsync(string id, HttpRequest request, ITelemetryStore store, AttestationChallenger challenger, CancellationToken ct)
    {
        RequestParameters.From(request);
        var deviceId = ApiValues.DeviceId("id", id)!;
        var device = await store.GetDeviceAsync(deviceId, ct);
        if (device is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown device", detail: $"No device '{id}' is enrolled.");
        }

        if (device.Status != Storage.Model.DeviceStatus.Active)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Device revoked", detail: $"Device '{deviceId}' is revoked: it cannot connect to answer a challenge.");
        }

        var challenge = await challenger.ChallengeAsync(deviceId, ct);
        return Results.Accepted(
            $"/api/v1/devices/{deviceId}",
            new
            {
                deviceId,
                challengedAt = DateTimeOffset.FromUnixTimeMilliseconds(challenge.IssuedAtMs),
                deadline = DateTimeOffset.FromUnixTimeMilliseconds(challenge.DeadlineAtMs),
            });
    }
}
