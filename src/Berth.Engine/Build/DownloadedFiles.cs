namespace Berth.Engine.Build;

/// <summary>The files an ADD fetched from its URLs: a directory of their own, removed on dispose.</summary>
internal sealed class DownloadedFiles(string directory, IReadOnlyList<string> names) : IDisposable
{
    public string Directory { get; } = directory;

    /// <summary>The file names in <see cref="Directory"/>, in the order of the URLs.</summary>
    public IReadOnlyList<string> Names { get; } = names;

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
