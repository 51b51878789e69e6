namespace Berth.ApiServer.Validation;

/// <summary>The kind of a field error; the Status cause reason is <c>FieldValue</c> + the name.</summary>
public enum FieldErrorType
{
    /// <summary>A required field is missing.</summary>
    Required,

    /// <summary>A value breaks a format or range rule.</summary>
    Invalid,

    /// <summary>A value is not one of a fixed set.</summary>
    NotSupported,

    /// <summary>A value appears twice where it must be unique.</summary>
    Duplicate,

    /// <summary>A field may not be set or changed here.</summary>
    Forbidden,

    /// <summary>A reference names something that does not exist (e.g. a volume mount's volume).</summary>
    NotFound,

    /// <summary>A value is longer than allowed.</summary>
    TooLong,
}
