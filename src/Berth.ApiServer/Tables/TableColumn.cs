namespace Berth.ApiServer.Tables;

/// <summary>One columnDefinition of a meta.k8s.io/v1 Table; kubectl prints the name upper-cased and shows priority &gt; 0 only with -o wide.</summary>
public sealed record TableColumn(string Name, string Type, string Description, int Priority = 0, string Format = "")
{
    /// <summary>The NAME column every table starts with.</summary>
    public static readonly TableColumn NameColumn = new("Name", "string", "Name must be unique within a namespace.", Format: "name");

    /// <summary>The AGE column.</summary>
    public static readonly TableColumn AgeColumn = new("Age", "string", "CreationTimestamp is a timestamp representing the server time when this object was created.");

    /// <summary>A string column.</summary>
    public static TableColumn Text(string name, string description, int priority = 0) => new(name, "string", description, priority);

    /// <summary>An integer column.</summary>
    public static TableColumn Integer(string name, string description, int priority = 0) => new(name, "integer", description, priority);
}
