using System.Security.Cryptography;
using System.Text;
using Berth.Engine.Snapshots;
using Berth.Engine.Store;

namespace Berth.Engine.Tests.Snapshots;

public class ChainIdTests
{
    private static readonly Digest A = Digest.Of("a"u8);
    private static readonly Digest B = Digest.Of("b"u8);
    private static readonly Digest C = Digest.Of("c"u8);

    [Fact]
    public void All_ThreeLayers_FollowsTheImageSpecRecursion()
    {
        var chain = ChainId.All([A, B, C]);

        var ab = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes($"{A} {B}")));
        var abc = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes($"sha256:{ab} {C}")));
        Assert.Equal([A.Hex, ab, abc], chain.Select(d => d.Hex));
    }

    [Fact]
    public void Next_NoParent_IsTheDiffId()
    {
        Assert.Equal(A, ChainId.Next(null, A));
    }
}
