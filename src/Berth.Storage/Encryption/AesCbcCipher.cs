using System.Security.Cryptography;
using System.Text;

namespace Berth.Storage.Encryption;

/// <summary>kube's aescbc provider: a random 16-byte IV, then AES-CBC with PKCS#7 padding (k8s.io/apiserver storage/value/encrypt/aes, cbc.go).</summary>
public sealed class AesCbcCipher : IValueCipher
{
    private const int BlockSize = 16;

    private readonly byte[] _key;

    public AesCbcCipher(string name, byte[] key)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new EncryptionConfigurationException($"aescbc key \"{name}\": key must be 16, 24 or 32 bytes, not {key.Length}");
        }
        _key = key;
        Prefix = $"k8s:enc:aescbc:v1:{name}:";
    }

    public string Prefix { get; }

    public byte[] Seal(string key, byte[] plain)
    {
        using var aes = Aes.Create();
        aes.Key = _key;
        var iv = RandomNumberGenerator.GetBytes(BlockSize);
        return [.. Encoding.ASCII.GetBytes(Prefix), .. iv, .. aes.EncryptCbc(plain, iv)];
    }

    public byte[] Open(string key, ReadOnlySpan<byte> sealedValue)
    {
        if (sealedValue.Length < 2 * BlockSize || sealedValue.Length % BlockSize != 0)
        {
            throw new CryptographicException("the data is not a whole number of AES blocks after its IV");
        }
        using var aes = Aes.Create();
        aes.Key = _key;
        return aes.DecryptCbc(sealedValue[BlockSize..], sealedValue[..BlockSize]);
    }
}
