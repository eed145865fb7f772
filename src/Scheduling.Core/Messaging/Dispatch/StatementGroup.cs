using System.Collections.Concurrent;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// Group commit for the dispatcher's per-message statements. A caller queues its request and takes its
/// turn at the database; whoever holds the turn runs every request queued so far in one round trip and
/// one transaction, and the others find theirs done. Nothing waits on a timer: a lone request runs at
/// once, and under load the requests that arrive during one round trip share the next.
/// </summary>
internal sealed class StatementGroup<TRequest, TResult>(
    Func<IReadOnlyList<TRequest>, CancellationToken, Task<IReadOnlyList<TResult>>> run,
    int maxGroup
) : IDisposable
{
    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly SemaphoreSlim _turn = new(1, 1);

    public async Task<TResult> RunAsync(TRequest request, CancellationToken cancellationToken)
    {
        var pending = new Pending(request);
        _queue.Enqueue(pending);
        await _turn.WaitAsync(cancellationToken);
        try
        {
            if (!pending.Result.Task.IsCompleted)
            {
                await RunQueuedAsync(cancellationToken);
            }
        }
        finally
        {
            _turn.Release();
        }

        return await pending.Result.Task;
    }

    private async Task RunQueuedAsync(CancellationToken cancellationToken)
    {
        var group = new List<Pending>();
        while (group.Count < maxGroup && _queue.TryDequeue(out var next))
        {
            group.Add(next);
        }

        try
        {
            var results = await run([.. group.Select(p => p.Request)], cancellationToken);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Result.TrySetResult(results[i]);
            }
        }
        catch (Exception exception)
        {
            // Every request of the group failed with it: each caller decides for itself whether to try again.
            foreach (var pending in group)
            {
                pending.Result.TrySetException(exception);
            }
        }
    }

    public void Dispose() => _turn.Dispose();

    private sealed class Pending(TRequest request)
    {
        public TRequest Request { get; } = request;
        public TaskCompletionSource<TResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
