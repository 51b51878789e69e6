using System.CommandLine;
using Berth.Engine.Registry;

namespace Berth.Cli.Commands;

/// <summary>The options every registry verb shares (pull, push, login, logout), as Podman names them.</summary>
public sealed class RegistryOptions
{
    public Option<string?> AuthFile { get; } = new("--authfile")
    {
        Description = "Auth file (docker config.json format); default ${XDG_RUNTIME_DIR}/containers/auth.json",
    };

    public Option<bool> TlsVerify { get; } = new("--tls-verify")
    {
        Description = "Require HTTPS with a valid certificate for registries not on loopback",
        DefaultValueFactory = _ => true,
    };

    public void AddTo(Command command, bool tls = true)
    {
        command.Options.Add(AuthFile);
        if (tls)
        {
            command.Options.Add(TlsVerify);
        }
    }

    public RegistryConnector OpenConnector(ParseResult parse)
    {
        var path = parse.GetValue(AuthFile);
        var authFile = string.IsNullOrEmpty(path) ? Engine.Registry.AuthFile.Default() : new AuthFile(path);
        return new RegistryConnector(authFile, parse.GetValue(TlsVerify), mirrors: RegistryMirrors.Default());
    }

    /// <summary>A registry as users type it for login/logout: "host[:port]", tolerating a scheme or path.</summary>
    public static string NormalizeRegistry(string text)
    {
        var host = text.Contains("://", StringComparison.Ordinal) ? text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..] : text;
        var slash = host.IndexOf('/');
        return slash >= 0 ? host[..slash] : host;
    }
}
