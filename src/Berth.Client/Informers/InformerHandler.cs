namespace Berth.Client.Informers;

/// <summary>An <see cref="IInformerHandler{T}"/> from delegates; an update or delete without its own goes to <c>changed</c>.</summary>
public sealed class InformerHandler<T>(Action<T> changed, Action<T, T>? updated = null, Action<T>? deleted = null) : IInformerHandler<T>
{
    public void OnAdd(T obj) => changed(obj);

    public void OnUpdate(T old, T current)
    {
        if (updated is null)
        {
            changed(current);
        }
        else
        {
            updated(old, current);
        }
    }

    public void OnDelete(T obj) => (deleted ?? changed)(obj);
}
