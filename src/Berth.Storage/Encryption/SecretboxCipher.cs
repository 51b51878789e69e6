using System.Security.Cryptography;
using Sodium;

namespace Berth.Storage.Encryption;

/// <summary>
/// kube's secretbox provider: a random 24-byte nonce, then NaCl's crypto_secretbox (XSalsa20-Poly1305:
/// the 16-byte Poly1305 tag, then the ciphertext) under a 32-byte key, without authenticated data
/// (k8s.io/apiserver storage/value/encrypt/secretbox, golang.org/x/crypto/nacl/secretbox's layout).
/// </summary>
public sealed class SecretboxCipher : IValueCipher
{
    private const int KeySize = 32;
    private const int NonceSize = 24;
    private const int TagSize = 16;

    private readonly byte[] _key;

    public SecretboxCipher(string name, byte[] key)
    {
        if (key.Length != KeySize)
        {
            throw new EncryptionConfigurationException($"secretbox key \"{name}\": key must be {KeySize} bytes, not {key.Length}");
        }
        _key = key;
        Prefix = $"k8s:enc:secretbox:v1:{name}:";
    }

    public string Prefix { get; }

    public byte[] Seal(string key, byte[] plain)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        return [.. System.Text.Encoding.ASCII.GetBytes(Prefix), .. nonce, .. SecretBox.Create(plain, nonce, _key)];
    }

    public byte[] Open(string key, ReadOnlySpan<byte> sealedValue)
    {
        if (sealedValue.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("the stored data was shorter than the required size");
        }
        return SecretBox.Open(sealedValue[NonceSize..].ToArray(), sealedValue[..NonceSize].ToArray(), _key);
    }
}
