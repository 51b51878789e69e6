namespace Berth.ApiServer.Validation;

/// <summary>What to do with fields the schema does not know (the fieldValidation query parameter).</summary>
public enum FieldValidationMode
{
    /// <summary>Drop unknown fields silently.</summary>
    Ignore,

    /// <summary>Drop unknown fields and report each as a warning.</summary>
    Warn,

    /// <summary>Reject the request, listing each unknown field (kubectl's default).</summary>
    Strict,
}
