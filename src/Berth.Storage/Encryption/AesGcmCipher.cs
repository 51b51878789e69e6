using System.Security.Cryptography;
using System.Text;

namespace Berth.Storage.Encryption;

/// <summary>
/// kube's aesgcm provider: a random 12-byte nonce, then AES-GCM's ciphertext and 16-byte tag, the
/// storage key as authenticated data, so a value copied under another key does not open (gcm.go).
/// </summary>
public sealed class AesGcmCipher : IValueCipher
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _key;

    public AesGcmCipher(string name, byte[] key)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new EncryptionConfigurationException($"aesgcm key \"{name}\": key must be 16, 24 or 32 bytes, not {key.Length}");
        }
        _key = key;
        Prefix = $"k8s:enc:aesgcm:v1:{name}:";
    }

    public string Prefix { get; }

    public byte[] Seal(string key, byte[] plain)
    {
        var prefix = Encoding.ASCII.GetBytes(Prefix);
        var result = new byte[prefix.Length + NonceSize + plain.Length + TagSize];
        prefix.CopyTo(result, 0);
        var nonce = result.AsSpan(prefix.Length, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(_key, TagSize);
        gcm.Encrypt(nonce, plain, result.AsSpan(prefix.Length + NonceSize, plain.Length), result.AsSpan(result.Length - TagSize), Encoding.UTF8.GetBytes(key));
        return result;
    }

    public byte[] Open(string key, ReadOnlySpan<byte> sealedValue)
    {
        if (sealedValue.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("the data is shorter than a nonce and a tag");
        }
        var plain = new byte[sealedValue.Length - NonceSize - TagSize];
        using var gcm = new AesGcm(_key, TagSize);
        gcm.Decrypt(sealedValue[..NonceSize], sealedValue[NonceSize..^TagSize], sealedValue[^TagSize..], plain, Encoding.UTF8.GetBytes(key));
        return plain;
    }
}
