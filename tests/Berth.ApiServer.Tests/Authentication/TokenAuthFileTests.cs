using Berth.ApiServer.Authentication;

namespace Berth.ApiServer.Tests.Authentication;

public sealed class TokenAuthFileTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Read_QuotedGroups_SplitIntoGroupsPlusAuthenticated()
    {
        File.WriteAllText(_path, "t1,alice,u1,\"dev,qa\"\n\n t2, bob,u2\n");

        var users = TokenAuthFile.Read(_path);

        Assert.Equal(["dev", "qa", "system:authenticated"], users["t1"].Groups);
        Assert.Equal("bob", users["t2"].Name);
        Assert.Equal(["system:authenticated"], users["t2"].Groups);
    }

    [Fact]
    public void Read_TwoColumns_KubesError()
    {
        File.WriteAllText(_path, "t1,alice\n");

        var error = Assert.Throws<InvalidDataException>(() => TokenAuthFile.Read(_path));

        Assert.Equal($"token file '{_path}' must have at least 3 columns (token, user name, user uid), found 2", error.Message);
    }

    [Fact]
    public void StaticTokens_OnlyTheExactTokenMatches()
    {
        File.WriteAllText(_path, "secret,alice,u1\n");
        var authenticator = new StaticTokenAuthenticator([.. TokenAuthFile.Read(_path)]);

        Assert.Equal("alice", authenticator.Authenticate("secret")?.Name);
        Assert.Null(authenticator.Authenticate("secre"));
        Assert.Null(authenticator.Authenticate("secret2"));
    }
}
