using System.Security.Cryptography;
using System.Text;
using Berth.Storage.Encryption;

namespace Berth.Storage.Tests.Encryption;

public class SecretboxCipherTests
{
    private const string Key = "/registry/core/secrets/default/db";

    // NaCl's secretbox test vector (libsodium test/default/secretbox.c and secretbox2.c): firstkey,
    // nonce, the 131-byte message and the tag-then-ciphertext crypto_secretbox makes of it.
    private static readonly byte[] FirstKey = Convert.FromHexString("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");
    private static readonly byte[] Nonce = Convert.FromHexString("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
    private static readonly byte[] Message = Convert.FromHexString(
        "be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f41db66cce314adb31" +
        "0e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f937763848645e0705");
    private static readonly byte[] Boxed = Convert.FromHexString(
        "f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186ac0dfc17c98dce87b4da7f011ec48c972" +
        "71d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b3" +
        "7973f622a43d14a6599b1f654cb45a74e355a5");

    [Fact]
    public void Open_NaClsKnownAnswer_NonceThenTagAndCiphertext_IsTheMessage()
    {
        var cipher = new SecretboxCipher("k", FirstKey);

        Assert.Equal(Message, cipher.Open(Key, [.. Nonce, .. Boxed]));
    }

    [Fact]
    public void Seal_IsKubesPrefix_ThenARandomNonce_ThenTheBox_AndOpensBack()
    {
        var cipher = new SecretboxCipher("key1", FirstKey);

        var first = cipher.Seal(Key, Message);
        var second = cipher.Seal(Key, Message);

        var prefix = "k8s:enc:secretbox:v1:key1:";
        Assert.StartsWith(prefix, Encoding.ASCII.GetString(first));
        Assert.Equal(prefix.Length + 24 + 16 + Message.Length, first.Length);
        Assert.NotEqual(first[prefix.Length..(prefix.Length + 24)], second[prefix.Length..(prefix.Length + 24)]);
        Assert.Equal(Message, cipher.Open(Key, first.AsSpan(prefix.Length)));
        Assert.Equal(Message, cipher.Open(Key, second.AsSpan(prefix.Length)));
    }

    [Fact]
    public void Seal_EmptyValue_OpensBackEmpty()
    {
        var cipher = new SecretboxCipher("k", FirstKey);

        Assert.Empty(cipher.Open(Key, cipher.Seal(Key, []).AsSpan(cipher.Prefix.Length)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(24)]
    [InlineData(40)]
    [InlineData(24 + 16 + 130)]
    public void Open_AnyFlippedBit_IsRefused(int index)
    {
        var cipher = new SecretboxCipher("k", FirstKey);
        byte[] tampered = [.. Nonce, .. Boxed];
        tampered[index] ^= 0x01;

        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(Key, tampered));
    }

    [Fact]
    public void Open_UnderAnotherKey_IsRefused()
    {
        var other = new SecretboxCipher("k", Enumerable.Repeat((byte)9, 32).ToArray());

        Assert.ThrowsAny<CryptographicException>(() => other.Open(Key, [.. Nonce, .. Boxed]));
    }

    [Fact]
    public void Open_ShorterThanNonceAndTag_IsKubesMessage()
    {
        var cipher = new SecretboxCipher("k", FirstKey);

        var refused = Assert.Throws<CryptographicException>(() => cipher.Open(Key, new byte[39]));

        Assert.Equal("the stored data was shorter than the required size", refused.Message);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    public void New_KeyNotOf32Bytes_IsRefused(int length)
    {
        var refused = Assert.Throws<EncryptionConfigurationException>(() => new SecretboxCipher("k", new byte[length]));

        Assert.Equal($"secretbox key \"k\": key must be 32 bytes, not {length}", refused.Message);
    }
}
