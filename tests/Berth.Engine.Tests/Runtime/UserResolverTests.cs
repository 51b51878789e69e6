using Berth.Engine.Runtime;

namespace Berth.Engine.Tests.Runtime;

public sealed class UserResolverTests : IDisposable
{
    private readonly BusyboxRootfs _rootfs = new();

    public void Dispose() => _rootfs.Dispose();

    [Theory]
    [InlineData(null, 0u, 0u)]
    [InlineData("nobody", 65534u, 65534u)]
    [InlineData("1234", 1234u, 0u)]
    [InlineData("nobody:wheel", 65534u, 10u)]
    [InlineData("1234:5678", 1234u, 5678u)]
    public void Resolve_NamesAndNumbers_GiveIds(string? spec, uint uid, uint gid)
    {
        var user = UserResolver.Resolve(spec, _rootfs.Layer);

        Assert.Equal(uid, user.Uid);
        Assert.Equal(gid, user.Gid);
    }

    [Fact]
    public void Resolve_UserInGroupList_GetsAdditionalGids()
    {
        Assert.Equal([10u], UserResolver.Resolve("nobody", _rootfs.Layer).AdditionalGids);
    }

    [Fact]
    public void Resolve_UnknownName_ThrowsOneLineError()
    {
        var error = Assert.Throws<BerthException>(() => UserResolver.Resolve("ghost", _rootfs.Layer));

        Assert.Contains("unable to find user ghost", error.Message);
    }
}
