namespace Berth.Storage.Encryption;

/// <summary>A stored value no configured provider opens (kube's "unable to transform key").</summary>
public sealed class ValueTransformException(string message, Exception? inner = null) : StorageException(message, inner);
