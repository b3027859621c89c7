using System.Text.Json;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>Advisories: the row and its audit entry (in ota_audit, the operators' log) in one transaction.</summary>
internal sealed partial class SqlTelemetryStore
{
    public async Task<bool> AddAdvisoryAsync(AdvisoryRecord advisory, OtaAuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(advisory);
        ArgumentNullException.ThrowIfNull(audit);
        return await WriteAsync(
            async (connection, transaction) =>
            {
                await using var insert = connection.Command(
                    "INSERT INTO advisories (id, title, severity, hardware_class, affected_versions, fixed_in, created_by, created_at) " +
                    "VALUES (@id, @ti, @sv, @hc, @av, @fx, @by, @at) ON CONFLICT (id) DO NOTHING",
                    transaction)
                    .With("@id", advisory.Id).With("@ti", advisory.Title).With("@sv", advisory.Severity).With("@hc", advisory.HardwareClass)
                    .With("@av", JsonSerializer.Serialize(advisory.AffectedVersions)).With("@fx", advisory.FixedIn)
                    .With("@by", advisory.CreatedBy).With("@at", advisory.CreatedAtMs);
                if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    return false;
                }

                await AppendAuditAsync(connection, transaction, audit, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AdvisoryRecord>> ListAdvisoriesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command(
            "SELECT id, title, severity, hardware_class, affected_versions, fixed_in, created_by, created_at FROM advisories ORDER BY id");
        var advisories = new List<AdvisoryRecord>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            advisories.Add(new AdvisoryRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                JsonSerializer.Deserialize<string[]>(reader.GetString(4)) ?? [],
                reader.GetString(5),
                reader.GetString(6),
                reader.Int64(7)));
        }

        return advisories;
    }
}
