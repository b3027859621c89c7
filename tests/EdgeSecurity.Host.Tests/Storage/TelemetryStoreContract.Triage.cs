using System.Data.Common;
using System.Globalization;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Storage.Sql;

namespace EdgeSecurity.Host.Tests.Storage;

/// <summary>Alert triage and its audit log behave the same on every database.</summary>
public abstract partial class TelemetryStoreContract
{
    private static TriageAction Status(AlertStatus status, string who, long at, string? note = null) =>
        new(TriageKind.Status, who, at, ((int)status).ToString(CultureInfo.InvariantCulture), note);

    [Fact]
    [Trait("Requirement", "SR-API-010")]
    public async Task Every_triage_change_is_audited_with_who_what_and_when_and_a_no_op_records_nothing()
    {
        var id = await Store.InsertAlertAsync(new AlertRecord("replay", "d1", 3, "t", "d", AlertStatus.New, 1, 1, []), CancellationToken.None);

        Assert.Equal(TriageOutcome.Applied, await Store.TriageAsync(id, Status(AlertStatus.Acknowledged, "ana", 10), CancellationToken.None));
        Assert.Equal(TriageOutcome.NoChange, await Store.TriageAsync(id, Status(AlertStatus.Acknowledged, "bob", 11), CancellationToken.None));
        Assert.Equal(TriageOutcome.Applied, await Store.TriageAsync(id, new TriageAction(TriageKind.Assign, "ana", 12, "bob", null), CancellationToken.None));
        Assert.Equal(TriageOutcome.Applied, await Store.TriageAsync(id, new TriageAction(TriageKind.Note, "bob", 13, null, "device re-flashed"), CancellationToken.None));
        Assert.Equal(TriageOutcome.Applied, await Store.TriageAsync(id, Status(AlertStatus.FalsePositive, "bob", 14, "lab unit"), CancellationToken.None));
        Assert.Equal(TriageOutcome.UnknownAlert, await Store.TriageAsync(id + 1000, Status(AlertStatus.Resolved, "bob", 15), CancellationToken.None));

        var alert = (await Store.GetAlertAsync(id, CancellationToken.None))!;
        Assert.Equal((AlertStatus.FalsePositive, "bob", 14L), (alert.Status, alert.Assignee, alert.UpdatedAtMs));
        var audit = await Store.GetAlertAuditAsync(id, CancellationToken.None);
        Assert.Equal(
            [
                ("ana", 10L, "status", "new", "acknowledged", null),
                ("ana", 12L, "assign", null, "bob", null),
                ("bob", 13L, "note", null, null, "device re-flashed"),
                ("bob", 14L, "status", "acknowledged", "false-positive", "lab unit"),
            ],
            audit.Select(a => (a.Actor, a.AtMs, a.Action, a.OldValue, a.NewValue, a.Note)));
    }

    [Fact]
    [Trait("Requirement", "SR-API-010")]
    public async Task The_host_resolving_an_alert_is_audited_as_the_host()
    {
        var id = await Store.InsertAlertAsync(new AlertRecord("silent-device", "d1", 2, "t", "quiet", AlertStatus.Acknowledged, 1, 1, []), CancellationToken.None);

        Assert.True(await Store.ResolveAlertAsync(id, "; device heard again", 50, CancellationToken.None));

        var entry = Assert.Single(await Store.GetAlertAuditAsync(id, CancellationToken.None));
        Assert.Equal(("host", "status", "acknowledged", "resolved", "device heard again", 50L), (entry.Actor, entry.Action, entry.OldValue, entry.NewValue, entry.Note, entry.AtMs));
    }

    [Fact]
    [Trait("Requirement", "SR-API-010")]
    public async Task The_database_refuses_to_change_or_delete_audit_entries()
    {
        var id = await Store.InsertAlertAsync(new AlertRecord("replay", "d1", 3, "t", "d", AlertStatus.New, 1, 1, []), CancellationToken.None);
        await Store.TriageAsync(id, Status(AlertStatus.Resolved, "ana", 10), CancellationToken.None);
        var dialect = DialectOfStore();

        foreach (var tamper in new[] { "UPDATE alert_audit SET actor = 'mallory'", "DELETE FROM alert_audit" })
        {
            await using var connection = await dialect.OpenAsync(CancellationToken.None);
            await using var command = connection.Command(tamper);
            var refused = await Assert.ThrowsAnyAsync<DbException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal("ana", Assert.Single(await Store.GetAlertAuditAsync(id, CancellationToken.None)).Actor);
        if (dialect is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    [Trait("Requirement", "SR-API-010")]
    public async Task Closed_alerts_of_a_database_before_triage_become_resolved_with_an_audit_entry()
    {
        var dialect = await OpenEmptyDatabaseAsync();
        var triage = dialect.Migrations.Select((sql, i) => (sql, i)).Single(m => m.sql.Contains("CREATE TABLE alert_audit", StringComparison.Ordinal)).i;
        await using (var connection = await dialect.OpenAsync(CancellationToken.None))
        {
            var before = new List<string> { "CREATE TABLE schema_version (version INTEGER NOT NULL)" };
            before.AddRange(dialect.Migrations.Take(triage));
            before.Add($"INSERT INTO schema_version (version) VALUES ({triage})");
            before.Add("INSERT INTO alerts (rule, device_id, severity, title, detail, status, created_at, updated_at) VALUES ('replay', 'd1', 3, 't', 'd', 2, 1, 77)");
            before.Add("INSERT INTO alerts (rule, device_id, severity, title, detail, status, created_at, updated_at) VALUES ('replay', 'd2', 3, 't', 'd', 1, 1, 78)");
            foreach (var sql in before)
            {
                await using var command = connection.Command(sql);
                await command.ExecuteNonQueryAsync();
            }
        }

        await using var store = new SqlTelemetryStore(dialect);
        await store.MigrateAsync(CancellationToken.None);

        var alerts = (await store.QueryAlertsAsync(new AlertQuery(), CancellationToken.None)).Items.ToDictionary(a => a.DeviceId);
        Assert.Equal(AlertStatus.Resolved, alerts["d1"].Status);
        Assert.Equal(AlertStatus.Acknowledged, alerts["d2"].Status);
        var entry = Assert.Single(await store.GetAlertAuditAsync(alerts["d1"].Id, CancellationToken.None));
        Assert.Equal(("migration", "closed", "resolved", 77L), (entry.Actor, entry.OldValue, entry.NewValue, entry.AtMs));
        Assert.Empty(await store.GetAlertAuditAsync(alerts["d2"].Id, CancellationToken.None));
    }
}
