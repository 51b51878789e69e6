namespace Berth.ApiServer.Validation;

/// <summary>The JSON shape a model type takes.</summary>
public enum SchemaKind
{
    /// <summary>Any JSON value is accepted (untyped fields, raw extensions).</summary>
    Any,

    /// <summary>A string, number or boolean (also IntOrString, Quantity, timestamps, bytes).</summary>
    Scalar,

    /// <summary>An object with a fixed set of fields.</summary>
    Object,

    /// <summary>An object with free keys and values of one schema (labels, resources).</summary>
    Map,

    /// <summary>A JSON array of one schema.</summary>
    List,
}
