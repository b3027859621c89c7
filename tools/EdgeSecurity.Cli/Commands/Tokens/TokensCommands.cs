using System.CommandLine;
using EdgeSecurity.Cli.Infrastructure;
using EdgeSecurity.Host.Api;

namespace EdgeSecurity.Cli.Commands.Tokens;

/// <summary>`edgesec tokens`: API tokens kept (as SHA-256 hashes) in the host's database, shared by every host instance on it.</summary>
public static class TokensCommands
{
    public static Command Create(CliContext context)
    {
        var tokens = new Command("tokens", "Create, list and revoke API tokens in the host's database.");
        tokens.Subcommands.Add(CreateToken(context));
        tokens.Subcommands.Add(List(context));
        tokens.Subcommands.Add(Revoke(context));
        return tokens;
    }

    // Who made a change, for the host event: the operating-system user running edgesec.
    private static string Actor() => "cli:" + Environment.UserName;

    private static Command CreateToken(CliContext context)
    {
        var name = new Option<string>("--name") { Description = "Who holds the token (shown in audit entries): lowercase letters, digits and '-'.", Required = true };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", ApiRoles.Names)}.", Required = true };
        var database = new HostDatabaseOptions();
        var json = CommonOptions.Json();
        var command = new Command("create", "Create a token; it is printed once and only its SHA-256 is stored.") { name, role };
        database.AddTo(command);
        command.Options.Add(json);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var holder = parseResult.GetValue(name)!;
            if (!ApiTokenIssuer.IsValidName(holder))
            {
                throw CliException.Usage($"Invalid --name '{holder}': use {EdgeSecurity.Pki.DeviceId.PatternDescription}.");
            }

            var level = ApiRoles.Parse(parseResult.GetValue(role))
                ?? throw CliException.Usage($"Invalid --role '{parseResult.GetValue(role)}': use one of {string.Join(", ", ApiRoles.Names)}.");
            await using var store = await database.OpenAsync(parseResult, context, cancellationToken);
            var token = await new ApiTokenIssuer(store, TimeProvider.System).CreateAsync(holder, level, Actor(), cancellationToken)
                ?? throw CliException.Failed($"A token named '{holder}' exists already (revoked names are not reused): choose another name.");
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, new { name = holder, role = ApiRoles.NameOf(level), token });
            }
            else
            {
                context.Output.WriteLine(token);
                context.Error.WriteLine($"Token '{holder}' ({ApiRoles.NameOf(level)}) created. It is shown only now: store it in a secret manager. Use it as 'Authorization: Bearer <token>'.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var database = new HostDatabaseOptions();
        var json = CommonOptions.Json();
        var command = new Command("list", "List tokens in the host's database (names, roles, times; never tokens or hashes).");
        database.AddTo(command);
        command.Options.Add(json);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var store = await database.OpenAsync(parseResult, context, cancellationToken);
            var tokens = await store.ListTokensAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, tokens.Select(t => new { name = t.Name, role = t.Role, createdAtMs = t.CreatedAtMs, revokedAtMs = t.RevokedAtMs, revoked = t.RevokedAtMs is not null }));
                return ExitCodes.Ok;
            }

            foreach (var t in tokens)
            {
                var state = t.RevokedAtMs is { } revoked ? "revoked " + Format(revoked) : "active";
                context.Output.WriteLine($"{t.Name,-24} {t.Role,-9} created {Format(t.CreatedAtMs)}  {state}");
            }

            context.Output.WriteLine($"{tokens.Count} token(s), {tokens.Count(t => t.RevokedAtMs is not null)} revoked. Tokens in the host's configuration file are not listed.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Revoke(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The token's name (edgesec tokens list)." };
        var database = new HostDatabaseOptions();
        var json = CommonOptions.Json();
        var command = new Command("revoke", "Revoke a token: every host on the database refuses it from the next request on.") { name };
        database.AddTo(command);
        command.Options.Add(json);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var holder = parseResult.GetValue(name)!;
            await using var store = await database.OpenAsync(parseResult, context, cancellationToken);
            if (!await new ApiTokenIssuer(store, TimeProvider.System).RevokeAsync(holder, Actor(), cancellationToken))
            {
                throw CliException.Failed($"No active token named '{holder}' (edgesec tokens list shows the names).");
            }

            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, new { name = holder, revoked = true });
            }
            else
            {
                context.Output.WriteLine($"Token '{holder}' revoked.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Format(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-dd HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
