namespace Berth.Client.Informers;

/// <summary>
/// Receives an informer's changes, one at a time, after its cache has them. Handlers only queue
/// work (a key); they never block or call the API.
/// </summary>
public interface IInformerHandler<in T>
{
    void OnAdd(T obj);

    /// <summary>A change, or a periodic resync (then <paramref name="old"/> and <paramref name="current"/> are the same object).</summary>
    void OnUpdate(T old, T current);

    void OnDelete(T obj);
}
