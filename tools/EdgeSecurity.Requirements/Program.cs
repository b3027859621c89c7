using EdgeSecurity.Requirements;

return RequirementsCli.Run(args, Console.Out, Console.Error, Environment.CurrentDirectory);
