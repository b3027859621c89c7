return EdgeSecurity.Cli.CliApp.Run(args, Console.Out, Console.Error);
