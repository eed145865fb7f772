namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// Wakes this process's dispatcher at once when something urgent was just committed (a safety alert),
/// instead of leaving it to the next poll. Other processes' dispatchers find the row on their next poll
/// (Messaging:Dispatch:PollInterval, 200 ms by default).
/// </summary>
public sealed class DispatchSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers every row committed before the dispatcher looks.
        }
    }

    /// <summary>True when woken, false when the interval ran out.</summary>
    public Task<bool> WaitAsync(TimeSpan interval, CancellationToken cancellationToken) =>
        _wake.WaitAsync(interval, cancellationToken);

    public void Dispose() => _wake.Dispose();
}
