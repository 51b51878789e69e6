namespace Berth.Acceptance.Registry;

/// <summary>A real docker-registry behind htpasswd basic auth with one user.</summary>
public sealed class BasicAuthRegistry() : DockerRegistry((User, Password))
{
    public const string User = "tester";
    public const string Password = "s3cret-pass";
}
