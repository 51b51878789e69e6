namespace Berth.Engine.Progress;

/// <summary>
/// Shows transfers to a person. Each call runs one piece of work (a pull, a build step's copy or
/// commit) under a display of its own that ends when the work does, so lines printed between two
/// pieces of work (a build's STEP lines, a RUN's output) never mix with a live display.
/// </summary>
public interface IProgressDisplay
{
    Task<T> ShowAsync<T>(Func<ITransferProgress, Task<T>> work);
}
