namespace Berth.Acceptance.Images;

/// <summary>A throw-away --root for one test, deleted with everything in it.</summary>
public sealed class TempEngineRoot : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("berth-images-");

    public string Path => _dir.FullName;

    /// <summary>Runs `berth --root ROOT args…`.</summary>
    public Task<ProcessResult> BerthAsync(params string[] args) => BerthBinary.RunAsync(["--root", Path, .. args], stdin: null);

    public void Dispose() => EngineRootRemoval.Delete(Path);
}
