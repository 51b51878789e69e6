using Berth.Cli;
using Berth.Engine.Linux;

// Started as conmon's exit command, berth inherits a blocked SIGCHLD; without it no child process ever ends.
SignalMask.UnblockAll();
return await BerthCli.RunAsync(args);
